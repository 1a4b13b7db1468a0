/**
 * `demo`: the smallest real closed loop, used by the framework tests and as a smoke test of the
 * CLI. Two leaky-integrator engines (core/testing MockEngine) at 1 ms and 0.1 ms drive each other
 * through a proportional transceiver; the metric is the settled value of the loop, which has a
 * closed form (x* = g·c / (1 + g) for gain g and command c, with drive = g·(c − x)).
 */
import { z } from 'zod';
import { MockEngine } from '../../core/testing/mock-engine.js';
import { msToNs } from '../../core/time.js';
import { defineTransceiver } from '../../core/transceiver.js';
import { defineExperiment } from '../framework/define-experiment.js';

const Params = z.strictObject({
  gain: z.number().positive().default(2),
  command: z.number().default(1),
  trials: z.number().int().positive().default(3),
  trialMs: z.number().positive().default(200),
});

export default defineExperiment({
  name: 'demo',
  description: 'Two leaky integrators in a proportional feedback loop (framework smoke test with a closed-form fixed point).',
  params: Params,
  build(p) {
    const plant = new MockEngine({ name: 'plant', dtNs: msToNs(1), tauMs: 5 });
    const ctrl = new MockEngine({ name: 'ctrl', dtNs: msToNs(0.1), tauMs: 1 });
    const last: number[] = [];
    let final = 0;
    return {
      engines: [plant, ctrl],
      transceivers: [
        defineTransceiver({
          name: 'error',
          reads: ['plant.x'],
          writes: ['ctrl.drive'],
          fn: (i, _s, ctx) => ({ 'ctrl.drive': Float64Array.of(ctx.active('off') ? 0 : p.gain * (p.command - ((i['plant.x'] as Float64Array)[0] as number))) }),
        }),
        defineTransceiver({ name: 'actuate', reads: ['ctrl.x'], writes: ['plant.drive'], fn: (i) => ({ 'plant.drive': Float64Array.from(i['ctrl.x'] as Float64Array) }) }),
      ],
      protocol: { phases: [{ name: 'main', trials: p.trials, trialMs: p.trialMs, events: [{ type: 'off', atMs: 0, durationMs: 1 }] }] },
      record: [{ port: 'plant.x' }, { port: 'plant.noise' }, { port: 'ctrl.x', everyMs: 1 }, { port: 'plant.spikes' }, { port: 'plant.events' }],
      onTrialEnd(_t, bus) {
        final = ((bus.latest('plant').x as Float64Array)[0] as number);
        last.push(final);
      },
      metrics: () => ({
        summary: { final, expected: (p.gain * p.command) / (1 + p.gain) },
        trials: last.map((x, i) => ({ trial: i, final: x })),
      }),
      summary: (m) => [`settled at ${final.toFixed(4)} (closed form ${((p.gain * p.command) / (1 + p.gain)).toFixed(4)})`, JSON.stringify(m.summary)],
    };
  },
});
