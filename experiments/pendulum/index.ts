/**
 * `pendulum-onnx`: the CEM-trained swing-up policy (trained/policy.onnx) embodied as an OnnxEngine
 * brain on the bodies/ Rapier pendulum (or the stand-in). Each trial starts hanging at rest; the
 * runner resets the bus with a new seed per trial, which draws a new start kick (±[1, 3] N·m for
 * 300 ms, see closed-loop.ts); the metric is the number of trials
 * in which the pendulum is balanced upright over the last `holdMs` of the trial.
 * Training: `npx tsx experiments/pendulum/train.ts` (see train.ts).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Bus } from '../../core/bus.js';
import type { TrialInfo } from '../../core/transceiver.js';
import { defineExperiment } from '../framework/define-experiment.js';
import { pendulumOnnxLoop } from './closed-loop.js';
import { PENDULUM_TASK, isBalanced, rapierPendulum, standInPendulum, wrapAngle } from './pendulum-env.js';

const here = dirname(fileURLToPath(import.meta.url));

const Params = z.strictObject({
  /** Path of the policy (.onnx, input 'obs' [1,3], output 'action' [1,1]). */
  model: z.string().default(join(here, 'trained', 'policy.onnx')),
  body: z.enum(['rapier', 'stand-in']).default('rapier'),
  trials: z.number().int().positive().default(10),
  trialMs: z.number().positive().default(10_000),
  holdMs: z.number().positive().default(3000),
});

interface TrialResult {
  trial: number;
  success: boolean;
  firstBalancedMs: number | null;
  finalAngleFromUprightRad: number;
}

export default defineExperiment({
  name: 'pendulum-onnx',
  description: 'A CEM-trained MLP (ONNX) swings up and balances the bodies/ pendulum in closed loop.',
  params: Params,
  build(p) {
    const binding = p.body === 'rapier' ? rapierPendulum : standInPendulum;
    const P = binding.ports;
    const { engines, transceivers } = pendulumOnnxLoop({ model: p.model, body: binding, kick: true });
    const results: TrialResult[] = [];
    let current: { first: number | null; ok: boolean } = { first: null, ok: true };
    const checkNs = PENDULUM_TASK.controlDtNs;
    return {
      engines,
      transceivers,
      protocol: { phases: [{ name: 'swing-up', trials: p.trials, trialMs: p.trialMs }] },
      record: [{ port: `body.${P.theta}`, everyMs: 10 }, { port: `body.${P.omega}`, everyMs: 10 }, { port: 'brain.action', everyMs: 10 }],
      attach(bus: Bus) {
        bus.sync$.subscribe((ev) => {
          const t = ev.trial;
          if (t === undefined) return;
          const tIn = ev.tNs - t.startNs;
          if (tIn === 0 || tIn % checkNs !== 0) return;
          const b = ev.outputs.get('body');
          if (b === undefined) return;
          const ok = isBalanced((b[P.theta] as Float64Array)[0] as number, (b[P.omega] as Float64Array)[0] as number);
          if (ok && current.first === null) current.first = tIn / 1e6;
          if (tIn > t.durationNs - p.holdMs * 1e6 && !ok) current.ok = false;
        });
      },
      onTrialStart() {
        current = { first: null, ok: true };
      },
      onTrialEnd(t: TrialInfo, bus: Bus) {
        const th = (bus.latest('body')[P.theta] as Float64Array)[0] as number;
        results.push({ trial: t.index, success: current.ok, firstBalancedMs: current.first, finalAngleFromUprightRad: wrapAngle(th - Math.PI) });
      },
      metrics: () => ({
        summary: { successes: results.filter((r) => r.success).length, trials: results.length, body: binding.label },
        trials: results,
      }),
      summary: (m) => [`balanced upright in ${(m.summary as { successes: number }).successes} of ${results.length} trials (${binding.label})`],
    };
  },
});
