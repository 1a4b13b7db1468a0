/** The engine's `drive` input enters exactly as TVB's long-range input c_0; stimulus profiles. */
import { describe, expect, it } from 'vitest';
import { MeanFieldEngine, temporalValue, type Connectivity } from '../../../brains/meanfield/index.js';

const single: Connectivity = {
  nRegions: 1, weights: new Float64Array(1), tractLengthsMm: new Float64Array(1), labels: ['n0'],
  centres: new Float64Array(3), cortical: Uint8Array.of(1), areas: new Float64Array(0),
};
const ctx = { seed: 1, startNs: 0, log: () => undefined };

describe('drive input', () => {
  it('Generic2dOscillator: drive d on c_0 gives the same trajectory as the parameter I = d (γ·I + γ·c_0)', () => {
    const d = 0.37;
    const a = new MeanFieldEngine({ model: { kind: 'Generic2dOscillator' }, connectivity: single, coupling: { kind: 'Linear' }, initialState: 'midpoint' });
    const b = new MeanFieldEngine({ model: { kind: 'Generic2dOscillator', params: { I: d } }, connectivity: single, coupling: { kind: 'Linear' }, initialState: 'midpoint' });
    a.init(ctx);
    b.init(ctx);
    let sa: Float64Array = new Float64Array(0);
    let sb: Float64Array = new Float64Array(0);
    for (let k = 1; k <= 2000; k++) {
      sa = a.advance(k * a.dt, { drive: Float64Array.of(d) })['state'] as Float64Array;
      sb = b.advance(k * b.dt, {})['state'] as Float64Array;
    }
    expect(Array.from(sa)).toEqual(Array.from(sb));
    expect(Array.from(sa)).not.toEqual([1, 0]);
  });
});

describe('stimulus temporal profiles', () => {
  it('pulse trains and sines', () => {
    const p = { kind: 'pulse', onsetMs: 10, durationMs: 2, amplitude: 3, periodMs: 5 } as const;
    expect([9.9, 10, 11.9, 12, 15, 16.9, 17].map((t) => temporalValue(p, t))).toEqual([0, 3, 3, 0, 3, 3, 0]);
    expect(temporalValue({ kind: 'sine', amplitude: 2, frequencyHz: 10 }, 25)).toBeCloseTo(2, 12);
  });
});
