import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import {
  applyRateGain, changeEventsEncode, createChangeEvents, createCurrentEncoder, createPhaseCode, createPoissonEncoder, createPopulationCode,
  createRegularEncoder, currentEncode, phaseRates, poissonEncode, poissonEncodeRateFn, populationRates, regularEncode,
} from '../../transceivers/index.js';
import { fakeContext } from './fake-context.js';

const MS = 1_000_000;

function meanVar(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return [m, v];
}

describe('Poisson rate encoder', () => {
  it('count mean = r·T and Fano factor = 1 over many seeds (linear gain)', () => {
    // 40 Hz per unit, signal 1.25 → 50 Hz; window 200 ms → λ = 10.
    const counts: number[] = [];
    for (let seed = 1; seed <= 4000; seed++) {
      const st = createPoissonEncoder({ size: 1, gain: { kind: 'linear', hzPerUnit: 40, maxHz: 200 } });
      counts.push(poissonEncode(st, [1.25], 0, 200 * MS, new Rng(seed)).count);
    }
    const [m, v] = meanVar(counts);
    // SE(mean) = √(10/4000) = 0.05 → 4 SE = 0.2; SE(Fano) ≈ √((λ+2λ²)/n)/λ ≈ 0.023 → 0.1 is > 4 SE.
    expect(Math.abs(m - 10)).toBeLessThan(0.2);
    expect(Math.abs(v / m - 1)).toBeLessThan(0.1);
  });

  it('sigmoid gain follows maxHz/(1+e^{-(x-x0)/w}) and counts follow it', () => {
    const g = { kind: 'sigmoid', x0: 0.5, width: 0.1, maxHz: 100 } as const;
    const xs = [0, 0.4, 0.5, 0.7, 2];
    const out = new Float64Array(xs.length);
    applyRateGain(g, xs, out);
    xs.forEach((x, i) => expect(out[i]).toBeCloseTo(100 / (1 + Math.exp(-(x - 0.5) / 0.1)), 12));
    // 5 channels × 1000 seeds × 1 s: mean count per channel = rate.
    const st = createPoissonEncoder({ size: 5, gain: g });
    const sums = new Float64Array(5);
    const rng = new Rng(7);
    for (let k = 0; k < 1000; k++) {
      const b = poissonEncode(st, xs, k * 1000 * MS, 1000 * MS, rng);
      for (let j = 0; j < b.count; j++) {
        sums[b.ids[j] as number]! += 1;
        const t = b.timesNs[j]!;
        if (t < k * 1000 * MS || t >= (k + 1) * 1000 * MS) throw new Error(`spike at ${t} outside window ${k}`);
      }
    }
    for (let i = 0; i < 5; i++) {
      const lam = out[i]! * 1000;
      expect(Math.abs(sums[i]! - lam)).toBeLessThan(4 * Math.sqrt(lam) + 1);
    }
  });

  it('spikes are sorted by time and integer ns', () => {
    const st = createPoissonEncoder({ size: 20, gain: { kind: 'linear', hzPerUnit: 1, maxHz: 500 } });
    const b = poissonEncode(st, new Float64Array(20).fill(300), 5 * MS, 20 * MS, new Rng(3));
    expect(b.count).toBeGreaterThan(50);
    for (let j = 1; j < b.count; j++) expect(b.timesNs[j]!).toBeGreaterThanOrEqual(b.timesNs[j - 1]!);
    for (let j = 0; j < b.count; j++) expect(Number.isInteger(b.timesNs[j])).toBe(true);
  });

  it('clips to [0, maxHz] and reports each clip (never silently)', () => {
    const ctx = fakeContext(42);
    const st = createPoissonEncoder({ size: 3, gain: { kind: 'linear', hzPerUnit: 100, offsetHz: -50, maxHz: 80 } });
    poissonEncode(st, [0, 2, 0.6], 0, MS, new Rng(1), ctx);
    expect(Array.from(st.ratesHz)).toEqual([0, 80, 10]);
    expect(st.clip.count).toBe(2);
    expect(ctx.reports).toHaveLength(1);
    expect(ctx.reports[0]!.detail).toMatchObject({ count: 2, firstIndex: 0, firstValue: -50, tNs: 42 });
  });

  it('time-varying rate by thinning: mean count = ∫ r(t) dt', () => {
    // r(t) = 50 (1 + sin(2π·5t)) Hz over 0.3 s → ∫ = 15 + 50/(2π·5)·(1 − cos(2π·1.5)) = 15 + 3.183
    const rate = (_i: number, tNs: number): number => 50 * (1 + Math.sin(2 * Math.PI * 5 * tNs * 1e-9));
    const expected = 15 + (50 / (2 * Math.PI * 5)) * (1 - Math.cos(2 * Math.PI * 1.5));
    const counts: number[] = [];
    const rng = new Rng(11);
    for (let k = 0; k < 3000; k++) counts.push(poissonEncodeRateFn(1, rate, 100, 0, 300 * MS, rng).count);
    const [m, v] = meanVar(counts);
    expect(Math.abs(m - expected)).toBeLessThan(4 * Math.sqrt(expected / 3000));
    expect(Math.abs(v / m - 1)).toBeLessThan(0.12);
    expect(() => poissonEncodeRateFn(1, () => 200, 100, 0, MS * 100, new Rng(1))).toThrow(ValidationError);
  });

  it('same seed → identical spikes; bad input names the field', () => {
    const st = createPoissonEncoder({ size: 4, gain: { kind: 'linear', hzPerUnit: 100, maxHz: 500 } });
    const a = poissonEncode(st, [1, 2, 3, 4], 0, 10 * MS, new Rng(5));
    const b = poissonEncode(st, [1, 2, 3, 4], 0, 10 * MS, new Rng(5));
    expect(Array.from(a.ids)).toEqual(Array.from(b.ids));
    expect(Array.from(a.timesNs)).toEqual(Array.from(b.timesNs));
    expect(() => poissonEncode(st, [1, Number.NaN, 3, 4], 0, MS, new Rng(1))).toThrow(/poissonEncoder\.signal\[1\]/);
    expect(() => poissonEncode(st, [1, 2], 0, MS, new Rng(1))).toThrow(/poissonEncoder\.signal/);
    expect(() => createPoissonEncoder({ size: 1, gain: { kind: 'sigmoid', x0: 0, width: 0, maxHz: 1 } })).toThrow(/gain\.width/);
  });
});

describe('regular-rate encoder', () => {
  it('fires exactly at k/r across windows', () => {
    const st = createRegularEncoder({ size: 1, gain: { kind: 'linear', hzPerUnit: 1, maxHz: 1000 } });
    const times: number[] = [];
    for (let w = 0; w < 50; w++) {
      const b = regularEncode(st, [40], w * 7 * MS, 7 * MS); // 40 Hz, 7 ms windows (not a divisor of 25 ms)
      times.push(...Array.from(b.timesNs));
    }
    // [0, 350 ms) at 40 Hz from phase 0: spikes at 0, 25, ..., 325 ms → 14 spikes.
    expect(times.length).toBe(14);
    times.forEach((t, k) => expect(Math.abs(t - k * 25 * MS)).toBeLessThanOrEqual(1));
  });

  it('count over T equals ceil(φ + r·T) − ceil(φ) with initial phase', () => {
    const st = createRegularEncoder({ size: 3, gain: { kind: 'linear', hzPerUnit: 1, maxHz: 1000 }, initialPhase: 0.5 });
    const b = regularEncode(st, [10, 33, 0], 0, 1000 * MS);
    const per = [0, 0, 0];
    for (let j = 0; j < b.count; j++) per[b.ids[j]!]! += 1;
    expect(per).toEqual([Math.ceil(10.5) - 1, Math.ceil(33.5) - 1, 0]);
  });
});

describe('current injection', () => {
  it('I = offset + gain·x, clipped with report', () => {
    const ctx = fakeContext(0);
    const st = createCurrentEncoder({ size: 3, nAPerUnit: [0.5, 1, 2], offsetNA: 0.1, minNA: -1, maxNA: 1 });
    const out = currentEncode(st, [1, -0.4, 3], ctx);
    expect(out[0]).toBeCloseTo(0.6, 15);
    expect(out[1]).toBeCloseTo(-0.3, 15);
    expect(out[2]).toBe(1);
    expect(ctx.reports[0]!.detail).toMatchObject({ count: 1, firstIndex: 2, firstValue: 6.1 });
    expect(() => createCurrentEncoder({ size: 1, nAPerUnit: 1, minNA: 1, maxNA: 0 })).toThrow(/maxNA/);
  });
});

describe('Gaussian population code', () => {
  it('rates follow the tuning curves and peak at the nearest center', () => {
    const code = createPopulationCode({ size: 11, lo: -1, hi: 1, peakHz: 100, baselineHz: 2 });
    expect(code.sigma).toBeCloseTo(0.2, 15);
    const r = populationRates(code, 0.33);
    for (let i = 0; i < 11; i++) expect(r[i]).toBeCloseTo(2 + 100 * Math.exp(-((0.33 - (-1 + 0.2 * i)) ** 2) / (2 * 0.04)), 12);
    const imax = r.indexOf(Math.max(...r));
    expect(code.centers[imax]).toBeCloseTo(0.4, 12);
    const ctx = fakeContext(5);
    populationRates(code, 1.5, undefined, ctx);
    expect(ctx.reports[0]!.kind).toBe('out-of-range');
  });
});

describe('phase code', () => {
  it('von Mises rates are 2π-periodic and peak at the preferred phase', () => {
    const code = createPhaseCode({ size: 8, kappa: 2, peakHz: 50 });
    const a = phaseRates(code, 1.0);
    const b = phaseRates(code, 1.0 + 4 * Math.PI);
    for (let i = 0; i < 8; i++) expect(a[i]).toBeCloseTo(b[i]!, 12);
    const c = phaseRates(code, code.phases[3]!);
    expect(c[3]).toBeCloseTo(50, 12);
    expect(c[4]).toBeCloseTo(50 * Math.exp(2 * (Math.cos(Math.PI / 4) - 1)), 12);
  });
});

describe('change (DVS-like) events', () => {
  it('a monotone ramp of Δ yields floor(Δ/θ) events of one polarity and the reference tracks within θ', () => {
    const st = createChangeEvents({ size: 2, threshold: 0.1 });
    changeEventsEncode(st, [0, 1], 0);
    let on = 0;
    let off = 0;
    for (let k = 1; k <= 100; k++) {
      const b = changeEventsEncode(st, [0.0137 * k, 1 - 0.02 * k], k * MS);
      for (let j = 0; j < b.count; j++) {
        if (b.ids[j] === 0) on++;
        else if (b.ids[j] === 3) off++;
        else throw new Error(`unexpected id ${b.ids[j]}`);
        expect(b.timesNs[j]).toBe(k * MS);
      }
      expect(Math.abs(st.ref[0]! - 0.0137 * k)).toBeLessThan(0.1);
    }
    expect(on).toBe(Math.floor(1.37 / 0.1 + 1e-9));
    expect(off).toBe(Math.floor(2.0 / 0.1 + 1e-9));
  });

  it('log coding responds to contrast, not absolute level', () => {
    const a = createChangeEvents({ size: 1, threshold: Math.log(1.5), log: true, logEps: 1e-9 });
    const b = createChangeEvents({ size: 1, threshold: Math.log(1.5), log: true, logEps: 1e-9 });
    changeEventsEncode(a, [1], 0);
    changeEventsEncode(b, [100], 0);
    expect(changeEventsEncode(a, [2.5], MS).count).toBe(changeEventsEncode(b, [250], MS).count);
    expect(() => changeEventsEncode(a, [-1], 2 * MS)).toThrow(/frame\[0\]/);
  });

  it('caps events per call and counts the excess', () => {
    const st = createChangeEvents({ size: 1, threshold: 0.1, maxEventsPerCall: 3 });
    changeEventsEncode(st, [0], 0);
    const b = changeEventsEncode(st, [1.05], MS);
    expect(b.count).toBe(3);
    expect(st.dropped).toBe(7);
  });
});
