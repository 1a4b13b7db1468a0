/**
 * The hybrid brain really is three engines on one bus: an OnnxEngine whose `action` output the
 * actuate transceiver turns into the body's torque, a SpikingEngine whose DCN and PC spike, and the
 * Rapier body. Same seed ⇒ identical metrics; another seed ⇒ different ones. Bad parameters name
 * the field.
 */
import { describe, expect, it } from 'vitest';
import { BodyEngine } from '../../../bodies/index.js';
import { OnnxEngine } from '../../../brains/onnx/index.js';
import { SpikingEngine } from '../../../brains/spiking/spiking-engine.js';
import { ValidationError } from '../../../core/errors.js';
import { runExperiment } from '../../../experiments/framework/index.js';
import hybrid from '../../../experiments/hybrid/index.js';
import type { EpisodeRecord } from '../../../experiments/hybrid/scoring.js';

const SHORT = { episodes: 2, episodeMs: 1500, scoreFromMs: 500, learning: 'on' };

describe('hybrid experiment on the bus', () => {
  it('runs an ONNX brain, a spiking brain and a Rapier body in one loop; the policy torque reaches the body', async () => {
    const pairs: { action: number; effort: number }[] = [];
    let lastAction: number | undefined;
    // A negligible decoder gain (1e-9 N·m/Hz) isolates the policy's path: then the applied torque
    // must be exactly 4 N·m · action (the cerebellar path is checked by the torque balance in
    // hybrid-scenario.test.ts).
    const res = await runExperiment(hybrid, { seed: 2, set: { ...SHORT, 'decoder.gainNmPerHz': 1e-9 } }, {
      onBus: (bus) => {
        bus.sync$.subscribe((ev) => {
          const tIn = ev.tNs - (ev.trial?.startNs ?? 0);
          const effort = (ev.outputs.get('body')?.['torque.effort'] as Float64Array)[0] as number;
          // effort(t + 5 ms) = 4·action(t) + cerebellar correction + kick (first 200 ms).
          if (lastAction !== undefined && tIn > 300e6) pairs.push({ action: lastAction, effort });
          lastAction = tIn === 0 ? undefined : ((ev.outputs.get('policy')?.action as Float64Array)[0] as number);
        });
      },
    });
    expect(res.error).toBeUndefined();
    const engines = res.setup.engines;
    expect(engines.map((e) => e.name)).toEqual(['body', 'policy', 'cerebellum']);
    expect(engines[0]).toBeInstanceOf(BodyEngine);
    expect(engines[1]).toBeInstanceOf(OnnxEngine);
    expect(engines[2]).toBeInstanceOf(SpikingEngine);
    const actuate = res.setup.transceivers.find((t) => t.name === 'actuate');
    expect(actuate?.readRefs.map((r) => r.key)).toEqual(['policy.action', 'cerebellum.DCN_pos.spikes', 'cerebellum.DCN_neg.spikes']);
    expect(actuate?.writeRefs.map((r) => r.key)).toEqual(['body.torque.command']);
    // The policy's command is what the motor applies (DCN rates ≤ 100 Hz × 1e-9 N·m/Hz ≤ 1e-7 N·m).
    expect(pairs.length).toBeGreaterThan(300);
    const maxAction = Math.max(...pairs.map((p) => Math.abs(p.action)));
    expect(maxAction).toBeGreaterThan(0.2);
    const worst = Math.max(...pairs.map((p) => Math.abs(p.effort - 4 * p.action)));
    expect(worst).toBeLessThan(1e-6);
    // The spiking engine spikes: DCN and PC fire at tonic rates.
    const eps = (res.metrics as { episodes: { learning: Omit<EpisodeRecord, 'traceRad'> }[] }).episodes;
    for (const e of eps) {
      expect(e.learning.dcnSpikes).toBeGreaterThan(500);
      expect(e.learning.pcPosHz).toBeGreaterThan(20);
      expect(e.learning.dcnNegHz).toBeGreaterThan(5);
    }
  }, 60_000);

  it('same seed ⇒ identical metrics; another seed ⇒ different', async () => {
    const a = await runExperiment(hybrid, { seed: 7, set: SHORT });
    const b = await runExperiment(hybrid, { seed: 7, set: SHORT });
    const c = await runExperiment(hybrid, { seed: 8, set: SHORT });
    expect(a.error).toBeUndefined();
    expect(b.metrics).toEqual(a.metrics);
    expect(c.metrics).not.toEqual(a.metrics);
  }, 60_000);

  it('rejects a bad parameter naming the field', async () => {
    const err = await runExperiment(hybrid, { set: { 'load.offsetM': 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toContain('params.load.offsetM');
    const err2 = await runExperiment(hybrid, { set: { learning: 'maybe' } }).catch((e: unknown) => e);
    expect((err2 as ValidationError).message).toContain('params.learning');
    const err3 = await runExperiment(hybrid, { set: { episodeMs: 2000, scoreFromMs: 2000 } }).catch((e: unknown) => e);
    expect(err3).toBeInstanceOf(ValidationError);
    expect((err3 as ValidationError).message).toContain('params.scoreFromMs');
  });
});
