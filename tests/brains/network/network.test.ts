import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { expandProjection, toCsrBySource, validateNetwork, type NetworkDescInput } from '../../../brains/network/index.js';
import { CELL_TYPES, resolveParams } from '../../../brains/models/index.js';

const base = (): NetworkDescInput => ({
  populations: [
    { label: 'E', size: 400, cellType: 'IF_cond_exp' },
    { label: 'I', size: 100, cellType: 'IF_cond_exp' },
  ],
  projections: [
    { label: 'EE', pre: 'E', post: 'E', connector: { type: 'FixedProbability', p: 0.1 }, synapse: { type: 'StaticSynapse', weight: 0.004, delay: 0.1 } },
  ],
});

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).field;
  }
  throw new Error('no error');
}

describe('models', () => {
  it('declares PyNN defaults once (spec §5)', () => {
    expect(resolveParams('IF_curr_exp')).toMatchObject({ cm: 1, tau_m: 20, tau_refrac: 0.1, tau_syn_E: 5, v_thresh: -50, v_reset: -65 });
    expect(CELL_TYPES.IF_curr_alpha.params.tau_syn_E?.default).toBe(0.5);
    expect(resolveParams('EIF_cond_exp_isfa_ista')).toMatchObject({ cm: 0.281, a: 4, b: 0.0805, tau_w: 144, v_spike: -40, e_rev_I: -80 });
    expect(resolveParams('IF_cond_exp', { tau_m: 10 }).tau_m).toBe(10);
  });
});

describe('validateNetwork', () => {
  it('fills defaults', () => {
    const n = validateNetwork(base());
    expect(n.timestepMs).toBe(0.1);
    expect(n.projections[0]?.receptor).toBe('excitatory');
  });
  it('names the bad field', () => {
    const b1 = base();
    (b1.populations[0] as { size: number }).size = -3;
    expect(fieldOf(() => validateNetwork(b1))).toBe('populations[0].size');
    const b2 = base();
    (b2.populations[0] as { params?: Record<string, number> }).params = { tau_mm: 3 };
    expect(fieldOf(() => validateNetwork(b2))).toBe('populations[0].params.tau_mm');
    const b3 = base();
    (b3.projections![0] as { pre: string }).pre = 'X';
    expect(fieldOf(() => validateNetwork(b3))).toBe('projections[0].pre');
    const b4 = base();
    (b4.projections![0] as { receptor?: string }).receptor = 'nmda';
    expect(fieldOf(() => validateNetwork(b4))).toBe('projections[0].receptor');
    const b5 = base();
    (b5.projections![0]!.synapse as { delay: number }).delay = 0.05;
    expect(fieldOf(() => validateNetwork(b5))).toBe('projections[0].synapse.delay');
    const b6 = base();
    (b6.projections![0] as { connector: unknown }).connector = { type: 'FixedNumberPre', n: 1000 };
    expect(fieldOf(() => validateNetwork(b6))).toBe('projections[0].connector.n');
    const b7 = base();
    (b7.projections![0] as { connector: unknown }).connector = { type: 'FixedProbability', p: 1.5 };
    expect(fieldOf(() => validateNetwork(b7))).toBe('projections[0].connector.p');
    const b8 = base();
    (b8.projections![0] as { synapse: unknown }).synapse = { type: 'PfPcPlasticity', weight: 1, teacher: 'I' };
    expect(fieldOf(() => validateNetwork(b8))).toBe('projections[0].synapse.teacher');
  });
});

describe('expandProjection', () => {
  it('is deterministic in the seed and matches connector statistics', () => {
    const n = validateNetwork(base());
    const a = expandProjection(n, n.projections[0]!, 7);
    const b = expandProjection(n, n.projections[0]!, 7);
    const c = expandProjection(n, n.projections[0]!, 8);
    expect(Array.from(a.post)).toEqual(Array.from(b.post));
    expect(Array.from(a.post)).not.toEqual(Array.from(c.post));
    // Binomial(160000, 0.1): mean 16000, sd 120 → 5 sd.
    expect(Math.abs(a.count - 16000)).toBeLessThan(600);
  });
  it('FixedNumberPre gives exact in-degree without duplicates; CSR groups by source', () => {
    const n = validateNetwork({
      populations: [{ label: 'A', size: 50, cellType: 'SpikeSourcePoisson' }, { label: 'B', size: 20, cellType: 'IF_curr_exp' }],
      projections: [{ label: 'AB', pre: 'A', post: 'B', connector: { type: 'FixedNumberPre', n: 4 }, synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: 1, high: 2 }, delay: 1 } }],
    });
    const l = expandProjection(n, n.projections[0]!, 1);
    expect(l.count).toBe(80);
    for (let j = 0; j < 20; j++) {
      const pres = [] as number[];
      for (let k = 0; k < l.count; k++) if (l.post[k] === j) pres.push(l.pre[k]!);
      expect(new Set(pres).size).toBe(4);
    }
    for (const w of l.weight) expect(w >= 1 && w < 2).toBe(true);
    const csr = toCsrBySource(l, 50);
    expect(csr.rowPtr[50]).toBe(80);
    for (let i = 0; i < 50; i++) for (let k = csr.rowPtr[i]!; k < csr.rowPtr[i + 1]!; k++) expect(l.pre[csr.listIndex[k]!]).toBe(i);
  });
  it('DistanceDependentProbability uses positions', () => {
    const n = validateNetwork({
      populations: [{ label: 'A', size: 100, cellType: 'IF_curr_exp', positions: { structure: 'line', dx: 1 } }],
      projections: [{ label: 'AA', pre: 'A', post: 'A', connector: { type: 'DistanceDependentProbability', distance: { profile: 'step', p: 1, dMaxUm: 2 }, allowSelfConnections: false }, synapse: { type: 'StaticSynapse', weight: 1 } }],
    });
    const l = expandProjection(n, n.projections[0]!, 1);
    expect(l.count).toBe(2 * (99 + 98));
    for (let k = 0; k < l.count; k++) expect(Math.abs(l.pre[k]! - l.post[k]!)).toBeLessThanOrEqual(2);
  });
});
