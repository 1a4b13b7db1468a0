/**
 * A shortened eye-blink session in closed loop on the default (template) network: 60 paired trials
 * after the CS-alone baseline (the default session has 100), 30 for the ablation. Shows acquisition
 * (a clear rise of %CR with a learned PC pause and DCN increase in the 150–200 ms window) and no
 * acquisition when PF–PC plasticity is switched off. Full-size, multi-seed results are produced by `npm run science -- eyeblink`.
 */
import { describe, expect, it } from 'vitest';
import eyeblink from '../../../experiments/eyeblink/index.js';
import type { BlockScore, TrialScore } from '../../../experiments/eyeblink/analysis.js';
import { runExperiment } from '../../../experiments/framework/runner.js';

const run = async (pfPc: boolean, acquisitionTrials: number) => {
  const res = await runExperiment(eyeblink, { seed: 1, set: { acquisitionTrials, plasticity: { pfPc, mfDcn: false, pcDcn: false } } });
  expect(res.state, String(res.error)).toBe('completed');
  return res.metrics as { blocks: BlockScore[]; trials: TrialScore[] };
};

describe('eyeblink conditioning (shortened session, closed loop)', () => {
  it('acquires timed CRs with PF–PC plasticity and not without it', async () => {
    const on = await run(true, 60);
    const cr = on.blocks.map((b) => b.crPercent);
    expect(cr).toHaveLength(6);
    expect(cr[0]).toBeLessThanOrEqual(20);
    expect(cr[5]).toBeGreaterThanOrEqual(50);
    expect(on.blocks[5]?.crEyelidPercent).toBeGreaterThanOrEqual(50);
    // Learned PC pause and DCN increase in the 150–200 ms window (last block vs first block).
    const first = on.blocks[0] as BlockScore;
    const last = on.blocks[5] as BlockScore;
    expect(last.pcRateChangeHz).toBeLessThan(first.pcRateChangeHz - 10);
    expect(last.dcnRateChangeHz).toBeGreaterThan(first.dcnRateChangeHz + 10);
    // CR onset at least 100 ms after CS onset (the detector's rule) and peaking before the US ends.
    const crs = on.trials.filter((t) => t.cr);
    for (const t of crs) expect(t.onsetMs as number).toBeGreaterThanOrEqual(100);
    // The CR closes the eyelid before the puff: closure at US onset grows from the first to the last block.
    const closureAtUs = (b: number) => on.trials.slice(1 + b * 10, 11 + b * 10).reduce((a, t) => a + t.eyelidAtUs, 0) / 10;
    expect(closureAtUs(5)).toBeGreaterThan(closureAtUs(0) + 0.1);

    const off = await run(false, 30);
    for (const b of off.blocks) expect(b.crPercent).toBeLessThanOrEqual(20);
  }, 300_000);
});
