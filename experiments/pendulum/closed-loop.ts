/**
 * The trained policy embodied: an OnnxEngine brain and the pendulum body on one bus, connected by
 * two transceivers (sense: θ, ω → [cos φ, sin φ, ω]; actuate: a ∈ [−1, 1] → torque a·maxTorqueNm).
 * The brain runs at the body's step (5 ms), so the sense→act latency is one brain step (5 ms, see
 * bus.latencies()) instead of the env's zero-latency 50 ms hold — the policy has to be robust to
 * that, which is part of what the evaluation shows.
 *
 * Starts: on a body that can be placed (the stand-in) each seed draws a hanging start (|θ| ≤ 0.3 rad,
 * |ω| ≤ 0.3 rad/s). A Rapier body resets to hanging at rest, so there each seed instead draws a
 * torque kick (uniform ±[1, 3] N·m for the first 300 ms, from the `kick` transceiver's seeded stream)
 * that the bus adds to the policy's command — a seeded disturbance the policy must swing up from.
 */
import { Bus } from '../../core/bus.js';
import type { Engine } from '../../core/engine.js';
import { Rng, deriveSeed } from '../../core/random.js';
import { defineTransceiver, type Transceiver } from '../../core/transceiver.js';
import type { TimeNs } from '../../core/time.js';
import { OnnxEngine } from '../../brains/onnx/index.js';
import { PENDULUM_TASK, type PendulumBodyBinding, drawStart, isBalanced, pendulumObservation, standInPendulum, wrapAngle } from './pendulum-env.js';

/** Options of the closed loop. */
export interface PendulumLoopOptions {
  /** The policy: `.onnx` bytes or a file path (input 'obs' [1,3], output 'action' [1,1]). */
  readonly model: Uint8Array | string;
  /** Brain step (default: the body's 5 ms). */
  readonly brainDtNs?: TimeNs;
  /** The body (default: the stand-in). */
  readonly body?: PendulumBodyBinding;
  /** Add the seeded start kick (default: only on bodies that cannot be placed). */
  readonly kick?: boolean;
}

/** Duration of the start kick on bodies that cannot be placed. */
export const KICK_NS = 300_000_000;

/** Engines and transceivers of the ONNX-brain pendulum loop. */
export function pendulumOnnxLoop(o: PendulumLoopOptions): { engines: Engine[]; transceivers: Transceiver<any>[] } {
  const binding = o.body ?? standInPendulum;
  const P = binding.ports;
  const torque = `body.${P.torque}`;
  const brain = new OnnxEngine({
    name: 'brain',
    dtNs: o.brainDtNs ?? PENDULUM_TASK.bodyDtNs,
    model: o.model,
    inputs: { obs: { tensor: 'obs', size: 3, description: '[cos φ, sin φ, ω], φ from upright' } },
    outputs: { action: { tensor: 'action', size: 1, unit: '1', description: 'normalised torque in [−1, 1]' } },
  });
  const sense = defineTransceiver({
    name: 'sense',
    reads: [`body.${P.theta}`, `body.${P.omega}`],
    writes: ['brain.obs'],
    fn: (i) => ({ 'brain.obs': pendulumObservation((i[`body.${P.theta}`] as Float64Array)[0] as number, (i[`body.${P.omega}`] as Float64Array)[0] as number) }),
  });
  const actuate = defineTransceiver({
    name: 'actuate',
    reads: ['brain.action'],
    writes: [torque],
    fn: (i) => ({ [torque]: Float64Array.of(((i['brain.action'] as Float64Array)[0] as number) * PENDULUM_TASK.maxTorqueNm) }),
  });
  const transceivers: Transceiver<any>[] = [sense, actuate];
  if (o.kick ?? binding.startOptions === undefined) {
    transceivers.push(
      defineTransceiver<{ amp: number | undefined }>({
        name: 'kick',
        reads: [],
        writes: [torque],
        init: () => ({ amp: undefined }),
        fn: (_i, st, ctx) => {
          st.amp ??= (ctx.rng.float53() < 0.5 ? -1 : 1) * ctx.rng.uniform(1, 3);
          return { [torque]: Float64Array.of(ctx.tNs < KICK_NS ? st.amp : 0) };
        },
      }),
    );
  }
  return { engines: [binding.make(), brain], transceivers };
}

/** Outcome of one swing-up trial. */
export interface SwingUpTrial {
  readonly seed: number;
  readonly theta0Rad: number;
  readonly omega0RadS: number;
  /** First time the pendulum was balanced (ms), or null. */
  readonly firstBalancedMs: number | null;
  /** Balanced at every 50 ms check during the last `holdMs`. */
  readonly success: boolean;
  readonly finalAngleFromUprightRad: number;
  readonly maxTorqueNm: number;
}

/** Options of the swing-up evaluation. */
export interface SwingUpOptions extends PendulumLoopOptions {
  readonly seeds: readonly number[];
  /** Trial length (default 10 s). */
  readonly durationMs?: number;
  /** Must stay balanced over the last holdMs (default 3000). */
  readonly holdMs?: number;
}

/**
 * Runs one trial per seed from a hanging start drawn from the seed, on one bus (reset between
 * trials), and reports swing-up and balance.
 */
export async function evaluateSwingUp(o: SwingUpOptions): Promise<SwingUpTrial[]> {
  const binding = o.body ?? standInPendulum;
  const P = binding.ports;
  const { engines, transceivers } = pendulumOnnxLoop(o);
  const bus = new Bus({ engines, transceivers, seed: 1 });
  const durationNs = (o.durationMs ?? 10_000) * 1e6;
  const holdNs = (o.holdMs ?? 3000) * 1e6;
  const checkNs = PENDULUM_TASK.controlDtNs;
  const out: SwingUpTrial[] = [];
  try {
    await bus.init();
    for (const seed of o.seeds) {
      const start = drawStart(new Rng(deriveSeed(seed, 'pendulum-start')), 'hanging');
      await bus.reset(binding.startOptions ? { body: binding.startOptions(start) } : {}, seed);
      let firstBalanced: number | null = null;
      let success = true;
      let maxTorque = 0;
      for (let t = checkNs; t <= durationNs; t += checkNs) {
        await bus.runUntil(t);
        const b = bus.latest('body');
        const th = (b[P.theta] as Float64Array)[0] as number;
        const om = (b[P.omega] as Float64Array)[0] as number;
        const u = Math.abs(((bus.latest('brain').action as Float64Array)[0] as number) * PENDULUM_TASK.maxTorqueNm);
        if (u > maxTorque) maxTorque = u;
        const ok = isBalanced(th, om);
        if (ok && firstBalanced === null) firstBalanced = t / 1e6;
        if (t > durationNs - holdNs && !ok) success = false;
      }
      const th = ((bus.latest('body')[P.theta] as Float64Array)[0] as number);
      out.push({ seed, ...(binding.startOptions ? start : { theta0Rad: 0, omega0RadS: 0 }), firstBalancedMs: firstBalanced, success, finalAngleFromUprightRad: wrapAngle(th - Math.PI), maxTorqueNm: maxTorque });
    }
  } finally {
    await bus.dispose();
  }
  return out;
}
