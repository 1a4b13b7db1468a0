/**
 * Scenario test of the `whole-brain` experiment at reduced size (2.5 s instead of 10 s, 1000
 * neurons): the run completes through the framework runner, the spiking rM1 keeps the mean rate of
 * the all-mean-field run, and the reported spectra, FC and BOLD are well-formed.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../../experiments/framework/runner.js';
import wholeBrain from '../../../experiments/whole-brain/index.js';

const small = { durationMs: 2500, transientMs: 500, nNeurons: 1000, boldPeriodMs: 500 };

describe('whole-brain experiment (reduced size)', () => {
  it('runs with rM1 spiking and matches the all-mean-field rM1 rate within 3 %', async () => {
    const spiking = await runExperiment(wholeBrain, { seed: 2, set: small });
    expect(spiking.error).toBeUndefined();
    const all = await runExperiment(wholeBrain, { seed: 2, set: { ...small, replace: 'none' } });
    expect(all.error).toBeUndefined();
    const s = spiking.metrics['summary'] as Record<string, number | string>;
    const regionsAll = all.metrics['regions'] as { label: string; meanRateHz: number; peakHz: number }[];
    const m1All = regionsAll.find((r) => r.label === 'rM1');
    expect(s['regions']).toBe(76);
    expect(s['replaced']).toBe('rM1');
    // 1000 neurons × ~5 Hz × 2 s → Poisson SE ≈ 1 %; 3 % tolerance.
    expect(Math.abs((s['replacedMeanRateHz'] as number) - (m1All?.meanRateHz as number)) / (m1All?.meanRateHz as number)).toBeLessThan(0.03);
    expect(s['boldSamples']).toBe(4);
    expect(Number.isFinite(s['fcScCorrelation'] as number)).toBe(true);
    const fc = spiking.metrics['fc'] as number[][];
    expect(fc.length).toBe(76);
    expect(fc[3]?.[3]).toBe(1);
    expect(fc[3]?.[7]).toBe(fc[7]?.[3]);
    for (const r of regionsAll) expect(r.peakHz).toBeGreaterThan(1);
  }, 120_000);

  it("rejects an unknown region with the field named", async () => {
    const res = await runExperiment(wholeBrain, { seed: 1, set: { ...small, replace: 'rNOPE' } }).catch((e: unknown) => e);
    const err = res instanceof Error ? res : (res as { error?: Error }).error;
    expect(String(err)).toMatch(/params\.replace/);
  });
});
