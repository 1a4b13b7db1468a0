import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { spikeBatch } from '../../core/ports.js';
import {
  agonistAntagonistDecode, boxcarRateUpdate, circularPopulationVector, createAgonistAntagonist, createBoxcarRateDecoder, createExpRateDecoder,
  createLeakyIntegrator, createPhaseCode, createPopulationCode, createWinnerTakeAll, expRateUpdate, leakyIntegrateAnalog, leakyIntegrateSpikes,
  phaseRates, poissonSpikes, populationRates, populationVectorBiasBound, populationVectorDecode, winnerTakeAll,
} from '../../transceivers/index.js';
import { fakeContext } from './fake-context.js';

const MS = 1_000_000;

/** Spikes of `times` (ns) that fall in [a, b), as a batch for neuron `id`. */
function slice(times: number[], a: number, b: number, id = 0) {
  const ts = times.filter((t) => t >= a && t < b);
  return spikeBatch(ts.map(() => id), ts);
}

describe('exponential-window rate decoder', () => {
  it('matches r(t) = Σ exp(−(t−t_k)/τ)/τ on a known irregular train', () => {
    const times = [1.3, 2.0, 7.7, 8.1, 20.5, 33.3, 34.0, 60.2].map((x) => x * MS);
    const st = createExpRateDecoder(1, 10);
    for (let k = 1; k <= 80; k++) {
      const r = expRateUpdate(st, slice(times, (k - 1) * MS, k * MS), k * MS)[0]!;
      const t = k * MS;
      const ref = times.filter((tk) => tk < t).reduce((a, tk) => a + Math.exp(-(t - tk) / (10 * MS)) / 0.01, 0);
      expect(r).toBeCloseTo(ref, 9);
    }
  });

  it('regular train of rate ν: value just after a spike → (1/τ)/(1−e^{−1/(ντ)}), time average → ν', () => {
    const nu = 40; // Hz, period 25 ms
    const tauMs = 50;
    const st = createExpRateDecoder(1, tauMs);
    const times = Array.from({ length: 400 }, (_, k) => k * 25 * MS);
    let sum = 0;
    let n = 0;
    for (let k = 1; k <= 10_000; k++) {
      const r = expRateUpdate(st, slice(times, (k - 1) * MS, k * MS), k * MS)[0]!;
      if (k > 1000) { sum += r; n++; }
      if (k % 25 === 0 && k > 1000) {
        // spike at k−25 ms … just after spike at (k−25) ms the value was A; now one full period later: A·e^{−P/τ}.
        const A = (1 / (tauMs * 1e-3)) / (1 - Math.exp(-25 / tauMs));
        expect(r).toBeCloseTo(A * Math.exp(-24 / tauMs) * Math.exp(-1 / tauMs), 6);
      }
    }
    // Left Riemann average over whole periods of a decaying exponential: ν·(Δ/τ)/(1−e^{−Δ/τ})·e^{−Δ/τ}… ≈ ν within 1 %.
    expect(Math.abs(sum / n - nu) / nu).toBeLessThan(0.01);
  });
});

describe('boxcar rate decoder', () => {
  it('counts spikes in the last window exactly', () => {
    const times = [0.5, 3.2, 3.9, 12.0, 14.4, 19.9, 25.0].map((x) => x * MS);
    const st = createBoxcarRateDecoder(1, 10 * MS, MS);
    for (let k = 1; k <= 30; k++) {
      const r = boxcarRateUpdate(st, slice(times, (k - 1) * MS, k * MS))[0]!;
      const cnt = times.filter((t) => t >= (k - 10) * MS && t < k * MS).length;
      expect(r).toBeCloseTo(cnt * 100, 12); // count / 10 ms in Hz
    }
    expect(() => createBoxcarRateDecoder(1, 10.5 * MS, MS)).toThrow(/windowNs/);
  });

  it('Poisson input: mean estimate = ν', () => {
    const st = createBoxcarRateDecoder(3, 100 * MS, MS);
    const rng = new Rng(2);
    const acc = [0, 0, 0];
    let n = 0;
    for (let k = 0; k < 5000; k++) {
      const r = boxcarRateUpdate(st, poissonSpikes([10, 50, 0], k * MS, MS, rng));
      if (k >= 100) { for (let i = 0; i < 3; i++) acc[i]! += r[i]!; n++; }
    }
    expect(Math.abs(acc[0]! / n - 10)).toBeLessThan(10 * 0.1);
    expect(Math.abs(acc[1]! / n - 50)).toBeLessThan(50 * 0.05);
    expect(acc[2]).toBe(0);
  });
});

describe('population-vector decoding', () => {
  it('noiseless Gaussian tuning: error within the Poisson-summation lattice bound in the interior', () => {
    // Interior = ≥ 10σ from the ends, so the finite lattice's missing neurons weigh < e^{-50}.
    for (const sigmaFactor of [0.5, 0.7, 1]) {
      const code = createPopulationCode({ size: 41, lo: -2, hi: 2, peakHz: 80, sigma: 0.1 * sigmaFactor });
      const bound = populationVectorBiasBound(code.sigma, 0.1);
      let worst = 0;
      for (let x = -1; x <= 1; x += 0.0037) worst = Math.max(worst, Math.abs(populationVectorDecode(populationRates(code, x), code.centers) - x));
      expect(worst).toBeLessThanOrEqual(bound * 1.001 + 1e-12);
      if (sigmaFactor === 0.5) expect(worst).toBeGreaterThan(bound * 0.2); // the bound is tight, not vacuous
    }
  });

  it('Poisson counts: error variance matches the delta-method Σλ_i(c_i−x)²/(Σλ_i)²', () => {
    const code = createPopulationCode({ size: 21, lo: 0, hi: 1, peakHz: 60 });
    const x = 0.437;
    const rates = populationRates(code, x);
    const T = 0.2; // s
    let num = 0;
    let den = 0;
    for (let i = 0; i < 21; i++) { num += rates[i]! * T * (code.centers[i]! - x) ** 2; den += rates[i]! * T; }
    const predicted = num / (den * den);
    const rng = new Rng(9);
    const errs: number[] = [];
    const counts = new Float64Array(21);
    for (let s = 0; s < 4000; s++) {
      for (let i = 0; i < 21; i++) counts[i] = rng.poisson(rates[i]! * T);
      errs.push(populationVectorDecode(counts, code.centers) - x);
    }
    const mean = errs.reduce((a, b) => a + b, 0) / errs.length;
    const v = errs.reduce((a, b) => a + (b - mean) ** 2, 0) / (errs.length - 1);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(predicted / 4000));
    expect(Math.abs(v / predicted - 1)).toBeLessThan(0.12); // SE of a variance ≈ √(2/n) = 2.2 %, plus delta-method bias
  });

  it('circular population vector recovers the angle, wraps, and returns NaN for no activity', () => {
    const code = createPhaseCode({ size: 12, kappa: 3, peakHz: 40 });
    // Expanding e^{κcos} in Bessel functions, N uniform phases alias harmonics N±1 onto the first:
    // |bias| ≤ asin((I_{N−1}(κ) + I_{N+1}(κ)) / I_1(κ)); it vanishes at θ = multiples of π/N.
    const besselI = (n: number, x: number): number => {
      let s = 0;
      let term = (x / 2) ** n / Array.from({ length: n }, (_, k) => k + 1).reduce((a, b) => a * b, 1);
      for (let k = 0; k < 60; k++) { s += term; term *= (x / 2) ** 2 / ((k + 1) * (k + 1 + n)); }
      return s;
    };
    const bound = Math.asin((besselI(11, 3) + besselI(13, 3)) / besselI(1, 3));
    let worst = 0;
    for (let th = -3.1; th < 3.1; th += 0.01) worst = Math.max(worst, Math.abs(circularPopulationVector(phaseRates(code, th), code.phases) - th));
    expect(worst).toBeLessThanOrEqual(bound);
    expect(worst).toBeGreaterThan(0.5 * bound); // tight
    expect(circularPopulationVector(phaseRates(code, Math.PI / 12), code.phases)).toBeCloseTo(Math.PI / 12, 12);
    expect(circularPopulationVector(phaseRates(code, 7), code.phases)).toBeCloseTo(7 - 2 * Math.PI, 5);
    expect(circularPopulationVector(new Float64Array(12), code.phases)).toBeNaN();
    expect(populationVectorDecode([0, 0], [1, 2])).toBeNaN();
    expect(() => populationVectorDecode([-1, 0], [1, 2])).toThrow(/activity\[0\]/);
  });
});

describe('agonist–antagonist', () => {
  it('u = g(a−b) − k(a+b)ω, clipped to ±limit with report', () => {
    const ctx = fakeContext(0);
    const st = createAgonistAntagonist({ joints: 3, gain: 0.01, stiffnessGain: 0.001, limit: 1 });
    const u = agonistAntagonistDecode(st, [50, 10, 300], [20, 10, 0], [0.5, -1, 0], ctx);
    expect(u[0]).toBeCloseTo(0.01 * 30 - 0.001 * 70 * 0.5, 15);
    expect(u[1]).toBeCloseTo(0.001 * 20, 15);
    expect(u[2]).toBe(1);
    expect(ctx.reports).toHaveLength(1);
    expect(() => agonistAntagonistDecode(st, [1, 2, 3], [1, 2, 3])).toThrow(/velocity/);
  });
});

describe('winner-take-all with hysteresis', () => {
  it('switches only when the challenger beats the winner by the margin', () => {
    const st = createWinnerTakeAll({ size: 3, margin: 5, minActivity: 1 });
    const seq: [number[], number][] = [
      [[0, 0, 0], -1],
      [[10, 8, 0], 0],
      [[10, 14, 0], 0], // 14 < 10 + 5
      [[10, 15.5, 0], 1],
      [[12, 15, 0], 1],
      [[19, 15, 30], 2],
      [[0.5, 0.2, 0.9], -1], // below minActivity
      [[3, 2, 0], 0],
    ];
    for (const [a, w] of seq) expect(winnerTakeAll(st, a)).toBe(w);
  });
});

describe('leaky-integrator motor drive', () => {
  it('analog step response y = u(1 − e^{−t/τ}) exactly, whatever the step size', () => {
    const st = createLeakyIntegrator(1, 20);
    let t = 0;
    for (const dtMs of [0.1, 1, 3.3, 10, 0.7]) {
      leakyIntegrateAnalog(st, [2], dtMs * MS);
      t += dtMs;
      expect(st.y[0]).toBeCloseTo(2 * (1 - Math.exp(-t / 20)), 12);
    }
  });

  it('spike drive: time average = w·ν·τ for a regular train', () => {
    const st = createLeakyIntegrator(2, 100);
    const times = Array.from({ length: 600 }, (_, k) => k * 20 * MS); // 50 Hz on channel 1 (via channelOf)
    let sum = 0;
    let n = 0;
    for (let k = 1; k <= 120_000; k++) {
      const y = leakyIntegrateSpikes(st, slice(times, (k - 1) * 0.1 * MS, k * 0.1 * MS, 7), k * 0.1 * MS, [0, 0.5], { length: 8, 7: 1 } as ArrayLike<number>);
      if (k > 20_000) { sum += y[1]!; n++; }
    }
    // w·ν·τ = 0.5 · 50 · 0.1 = 2.5; right-Riemann sampling bias ≈ −Δ/(2τ) = −0.05 %.
    expect(Math.abs(sum / n - 2.5) / 2.5).toBeLessThan(0.002);
    expect(st.y[0]).toBe(0);
  });
});
