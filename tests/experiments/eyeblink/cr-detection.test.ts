import { describe, expect, it } from 'vitest';
import { detectCr, movingAverage, populationSdf, GEMINIANI_2022 } from '../../../experiments/eyeblink/cr-detection.js';

describe('SDF and moving average', () => {
  it('a single spike contributes exactly one spike per cell (kernel integrates to 1)', () => {
    const sdf = populationSdf([500.3], 4, 1000, 10);
    const spikes = sdf.reduce((a, b) => a + b, 0) / 1000; // Hz·ms → spikes per cell
    // The kernel is truncated at ±4σ, which drops 6.3e-5 of its mass.
    expect(Math.abs(spikes * 4 - 1)).toBeLessThan(1e-4);
    let argmax = 0;
    for (let i = 0; i < sdf.length; i++) if ((sdf[i] as number) > (sdf[argmax] as number)) argmax = i;
    expect(argmax).toBe(500);
  });
  it('a regular 50 Hz train gives an SDF of 50 Hz away from the edges', () => {
    const times = Array.from({ length: 50 }, (_, k) => k * 20 + 10);
    const sdf = populationSdf(times, 1, 1000, 10);
    const ma = movingAverage(sdf, 100, 'centred');
    for (let i = 200; i < 800; i++) expect(ma[i] as number).toBeCloseTo(50, 1);
  });
  it('moving average of a step is a 100 ms ramp (centred and causal)', () => {
    const x = new Float64Array(400);
    x.fill(1, 200);
    const m = movingAverage(x, 100, 'centred');
    expect(m[150]).toBe(0);
    expect(m[200]).toBeCloseTo(0.5, 10);
    expect(m[250]).toBe(1);
    const c = movingAverage(x, 100);
    expect(c[199]).toBe(0);
    expect(c[249]).toBeCloseTo(0.5, 10);
    expect(c[299]).toBe(1);
  });
});

describe('detectCr (Geminiani 2022 rules)', () => {
  const cs = 100;
  const us = 350;
  const sig = (f: (tFromCs: number) => number) => Float64Array.from({ length: 1000 }, (_, i) => (i < cs ? 0 : f(i - cs)));
  it('a ramp crossing at 180 ms and staying up is a CR', () => {
    const r = detectCr(sig((t) => (t > 180 ? 10 : 0)), cs, us, GEMINIANI_2022.thresholdHz);
    expect(r).toMatchObject({ cr: true, onsetMs: 181, reason: 'cr' });
  });
  it('crossing within the first 100 ms is not a CR (alpha response)', () => {
    expect(detectCr(sig((t) => (t > 50 ? 10 : 0)), cs, us, 3.9).reason).toBe('early-crossing');
  });
  it('no crossing before the US is not a CR', () => {
    expect(detectCr(sig((t) => (t > 260 ? 10 : 0)), cs, us, 3.9).reason).toBe('no-crossing');
  });
  it('a crossing that does not stay up ≥ 75 % is not a CR', () => {
    const r = detectCr(sig((t) => (t > 150 && t < 180 ? 10 : 0)), cs, us, 3.9);
    expect(r.reason).toBe('not-sustained');
    expect(r.aboveFraction).toBeCloseTo(29 / 99, 6); // crossing at CS+151, US at CS+250
  });
  it('reports the peak time relative to CS onset', () => {
    const r = detectCr(sig((t) => Math.max(0, 20 - Math.abs(t - 240) / 5)), cs, us, 3.9);
    expect(r.peakMs).toBe(240);
  });
});
