/**
 * The pendulum swing-up task as an EnvSpec (Gymnasium Pendulum-v1 in spirit, on our bus and body):
 * observation [cos φ, sin φ, ω] with φ = θ − π the angle from upright; action a ∈ [−1, 1] scaled to
 * a torque u = a · maxTorqueNm (maxTorqueNm < m g l, so the policy must pump energy before it can
 * balance); reward −(wrap(φ)² + 0.1 ω² + 0.001 u²) per control step; 200 steps of 50 ms (10 s).
 *
 * Starts: `anywhere` (θ uniform in (−π, π], ω in [−1, 1]) for training, `hanging` (|θ| ≤ 0.3 rad
 * from hanging down, |ω| ≤ 0.3) for the swing-up evaluation; chosen with `reset({options: {start}})`.
 */
import type { Engine } from '../../core/engine.js';
import type { Outputs } from '../../core/ports.js';
import type { Rng } from '../../core/random.js';
import { msToNs } from '../../core/time.js';
import { type EnvSpec, box } from '../env/index.js';
import { StandInPendulumEngine } from './stand-in-pendulum.js';

/** Task constants. */
export const PENDULUM_TASK = {
  massKg: 1,
  lengthM: 1,
  gravityMS2: 9.81,
  dampingNmsPerRad: 0.05,
  maxTorqueNm: 4,
  bodyDtNs: msToNs(5),
  controlDtNs: msToNs(50),
  episodeSteps: 200,
  /** Balanced: |φ| below this (rad) ... */
  balanceAngleRad: 0.15,
  /** ... and |ω| below this (rad/s). */
  balanceOmegaRadS: 1,
} as const;

/** The body engine (named 'body') with ports torque → theta, omega. */
export function pendulumBody(): Engine {
  const t = PENDULUM_TASK;
  return new StandInPendulumEngine({ name: 'body', dtNs: t.bodyDtNs, massKg: t.massKg, lengthM: t.lengthM, gravityMS2: t.gravityMS2, dampingNmsPerRad: t.dampingNmsPerRad });
}

/** Wraps an angle to (−π, π]. */
export function wrapAngle(a: number): number {
  const w = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
  return w === -Math.PI ? Math.PI : w;
}

/** Observation [cos φ, sin φ, ω] from body angle θ (0 = down) and ω. */
export function pendulumObservation(theta: number, omega: number, out = new Float64Array(3)): Float64Array {
  const phi = theta - Math.PI;
  out[0] = Math.cos(phi);
  out[1] = Math.sin(phi);
  out[2] = omega;
  return out;
}

/** True if the pendulum is balanced upright (see PENDULUM_TASK thresholds). */
export function isBalanced(theta: number, omega: number): boolean {
  return Math.abs(wrapAngle(theta - Math.PI)) < PENDULUM_TASK.balanceAngleRad && Math.abs(omega) < PENDULUM_TASK.balanceOmegaRadS;
}

/** Draws a start state. */
export function drawStart(rng: Rng, start: 'anywhere' | 'hanging'): { theta0Rad: number; omega0RadS: number } {
  if (start === 'hanging') return { theta0Rad: rng.uniform(-0.3, 0.3), omega0RadS: rng.uniform(-0.3, 0.3) };
  return { theta0Rad: rng.uniform(-Math.PI, Math.PI), omega0RadS: rng.uniform(-1, 1) };
}

/** The swing-up EnvSpec; `body` builds the body engine (default: pendulumBody()). */
export function pendulumEnvSpec(body: () => Engine = pendulumBody): EnvSpec {
  const t = PENDULUM_TASK;
  const obs = (latest: (e: string) => Outputs): Float64Array => {
    const o = latest('body');
    return pendulumObservation((o.theta as Float64Array)[0] as number, (o.omega as Float64Array)[0] as number);
  };
  return {
    name: 'pendulum-swingup',
    world: () => ({ engines: [body()] }),
    observationSpace: box([3], [-1, -1, -Infinity], [1, 1, Infinity]),
    actionSpace: box([1], -1, 1),
    controlDtNs: t.controlDtNs,
    action: { writes: ['body.torque'], fn: (a) => ({ 'body.torque': Float64Array.of((a[0] as number) * t.maxTorqueNm) }) },
    observe: obs,
    reward: ({ observation, action }) => {
      const phi = Math.atan2(observation[1] as number, observation[0] as number);
      const w = observation[2] as number;
      const u = (action[0] as number) * t.maxTorqueNm;
      return -(phi * phi + 0.1 * w * w + 0.001 * u * u);
    },
    maxEpisodeSteps: t.episodeSteps,
    resetOptions: (rng, options) => ({ body: drawStart(rng, options.start === 'hanging' ? 'hanging' : 'anywhere') }),
    info: ({ latest }) => {
      const o = latest('body');
      return { balanced: isBalanced((o.theta as Float64Array)[0] as number, (o.omega as Float64Array)[0] as number) };
    },
  };
}
