/**
 * The eye-blink closed loop with the SpiNNaker-profile emulator as its brain (`brain:
 * 'emulator:spinnaker'`, small scale, 4 trials): the run completes, the DCN fires (its rate change
 * over the CS is measured every trial), the lowering deviations are logged, and two runs with the
 * same seed give identical trial metrics, while another seed gives different ones.
 */
import { describe, expect, it } from 'vitest';
import eyeblink from '../../../experiments/eyeblink/index.js';
import type { TrialScore } from '../../../experiments/eyeblink/analysis.js';
import { runExperiment } from '../../../experiments/framework/runner.js';
import { DEFAULT_CEREBELLUM, SCALES, cerebellumNetwork } from '../../../experiments/eyeblink/network.js';
import { EmulatorEngine, hardwareProfile } from '../../../neuromorphic/emulator/index.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const run = async (seed: number) => {
  const lines: string[] = [];
  const res = await runExperiment(eyeblink, { seed, trials: 4, set: { scale: 'small', acquisitionTrials: 40, brain: 'emulator:spinnaker' } }, { log: (_level: string, msg: string) => lines.push(msg) });
  expect(res.state, String(res.error)).toBe('completed');
  return { trials: (res.metrics as { trials: TrialScore[] }).trials, lines };
};

describe('eyeblink on the SpiNNaker-profile emulator', () => {
  it('runs the closed loop, reports its deviations, and is deterministic per seed', async () => {
    const a = await run(1);
    expect(a.trials).toHaveLength(4);
    // DCN and PC are active and respond to the CS (rate changes measured from their spikes)
    for (const t of a.trials) {
      expect(Number.isFinite(t.dcnRateChangeHz)).toBe(true);
      expect(Math.abs(t.pcRateChangeHz)).toBeGreaterThan(5);
    }
    // the lowering report reaches the run log: shift-rule weights, the lowered PC shift, PF–PC quanta
    expect(a.lines.some((l) => l.includes('weight-quantisation'))).toBe(true);
    expect(a.lines.some((l) => l.includes('ring-buffer-shift PC:excitatory'))).toBe(true);
    expect(a.lines.some((l) => l.includes('plasticity-quantisation pf_pc'))).toBe(true);
    const b = await run(1);
    expect(JSON.stringify(b.trials)).toBe(JSON.stringify(a.trials));
    const c = await run(2);
    expect(JSON.stringify(c.trials)).not.toBe(JSON.stringify(a.trials));
  }, 120_000);
});

// The engine contract on the eye-blink network in the SpiNNaker profile (IF_cond_exp, random
// initial v, PF–PC plasticity, external MF/IO inputs): initial outputs, dt, reset restores (weights
// reset to their initial values when not kept), bad inputs rejected, dispose idempotent.
describeEngineConformance('EmulatorEngine (spinnaker, eye-blink network)', {
  create: () => new EmulatorEngine(cerebellumNetwork(SCALES.small, { pfPc: true, mfDcn: false, pcDcn: false }, DEFAULT_CEREBELLUM, 1), {
    name: 'brain', profile: hardwareProfile('spinnaker', { spinnaker: { plasticMinSteps: 1 } }), spikeOutputs: ['DCN', 'PC'],
  }),
  inputs: (k) => {
    const mf = Array.from({ length: 10 }, (_, i) => (k * 7 + i * 13) % 100).filter((_, i) => (k + i) % 3 === 0);
    const io = k % 4 === 0 ? [k % 48] : [];
    return {
      'MF.spikes': { ids: Int32Array.from(mf), timesNs: Float64Array.from(mf.map(() => k * 1e6)), count: mf.length },
      'IO.spikes': { ids: Int32Array.from(io), timesNs: Float64Array.from(io.map(() => k * 1e6)), count: io.length },
    };
  },
  steps: 60,
});
