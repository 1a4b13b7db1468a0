/**
 * The pendulum swing-up task as an EnvSpec (Gymnasium Pendulum-v1 in spirit, on our bus and body):
 * observation [cos φ, sin φ, ω] with φ = θ − π the angle from upright; action a ∈ [−1, 1] scaled to
 * a torque u = a · maxTorqueNm (maxTorqueNm < m g l, so the policy must pump energy before it can
 * balance); reward −(wrap(φ)² + 0.1 ω² + 0.001 u²) per control step; 200 steps of 50 ms (10 s).
 *
 * Starts: `anywhere` (θ uniform in (−π, π], ω in [−1, 1]) for training, `hanging` (|θ| ≤ 0.3 rad
 * from hanging down, |ω| ≤ 0.3) for the swing-up evaluation; chosen with `reset({options: {start}})`.
 */
import { BodyEngine, pendulumRobot } from '../../bodies/index.js';
import type { Engine, ResetOptions } from '../../core/engine.js';
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

/** How the task talks to a pendulum body engine (named 'body'). */
export interface PendulumBodyBinding {
  readonly label: string;
  readonly make: () => Engine;
  /** Port names on the body: torque command in; angle (0 = down, unwrapped) and velocity out. */
  readonly ports: { readonly torque: string; readonly theta: string; readonly omega: string };
  /**
   * Reset options that put the body in a start state; undefined if the body cannot be placed
   * (then starts are hanging at rest plus a seeded torque kick, see closed-loop.ts).
   */
  readonly startOptions?: (s: { theta0Rad: number; omega0RadS: number }) => ResetOptions & Readonly<Record<string, unknown>>;
}

/** The stand-in RK4 point-mass pendulum (placeable at any start state). */
export const standInPendulum: PendulumBodyBinding = {
  label: 'stand-in RK4 point mass (experiments/pendulum)',
  make: () => {
    const t = PENDULUM_TASK;
    return new StandInPendulumEngine({ name: 'body', dtNs: t.bodyDtNs, massKg: t.massKg, lengthM: t.lengthM, gravityMS2: t.gravityMS2, dampingNmsPerRad: t.dampingNmsPerRad });
  },
  ports: { torque: 'torque', theta: 'theta', omega: 'omega' },
  startOptions: (s) => s,
};

/**
 * The bodies/ pendulum robot simulated by Rapier (solid-sphere bob r = 5 cm on a massless rod,
 * I = m L² + 0.4 m r² = 1.001 kg m², same mass, length, damping and torque limit as the task),
 * 5 ms steps of 5 Rapier substeps. A Rapier world resets to its built state, so it starts hanging
 * at rest.
 */
export const rapierPendulum: PendulumBodyBinding = {
  label: 'bodies/ pendulumRobot on Rapier (BodyEngine)',
  make: () => {
    const t = PENDULUM_TASK;
    return new BodyEngine({
      name: 'body',
      robot: pendulumRobot({ massKg: t.massKg, lengthM: t.lengthM, bobRadiusM: 0.05, effortNm: t.maxTorqueNm, dampingNms: t.dampingNmsPerRad }),
      dtNs: t.bodyDtNs,
      substeps: 5,
      gravity: [0, 0, -t.gravityMS2],
    });
  },
  ports: { torque: 'torque.command', theta: 'hinge.position', omega: 'hinge.velocity' },
};

/** The stand-in body engine (named 'body'). */
export function pendulumBody(): Engine {
  return standInPendulum.make();
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

/**
 * The swing-up EnvSpec on a body (default: the stand-in, which can be placed at random starts; on a
 * body without `startOptions` every episode starts hanging at rest).
 */
export function pendulumEnvSpec(binding: PendulumBodyBinding = standInPendulum): EnvSpec {
  const t = PENDULUM_TASK;
  const P = binding.ports;
  const state = (o: Outputs): [number, number] => [(o[P.theta] as Float64Array)[0] as number, (o[P.omega] as Float64Array)[0] as number];
  const obs = (latest: (e: string) => Outputs): Float64Array => pendulumObservation(...state(latest('body')));
  return {
    name: 'pendulum-swingup',
    world: () => ({ engines: [binding.make()] }),
    observationSpace: box([3], [-1, -1, -Infinity], [1, 1, Infinity]),
    actionSpace: box([1], -1, 1),
    controlDtNs: t.controlDtNs,
    action: { writes: [`body.${P.torque}`], fn: (a) => ({ [`body.${P.torque}`]: Float64Array.of((a[0] as number) * t.maxTorqueNm) }) },
    observe: obs,
    reward: ({ observation, action }) => {
      const phi = Math.atan2(observation[1] as number, observation[0] as number);
      const w = observation[2] as number;
      const u = (action[0] as number) * t.maxTorqueNm;
      return -(phi * phi + 0.1 * w * w + 0.001 * u * u);
    },
    maxEpisodeSteps: t.episodeSteps,
    resetOptions: (rng, options) => {
      const start = drawStart(rng, options.start === 'hanging' ? 'hanging' : 'anywhere');
      const none: Readonly<Record<string, ResetOptions & Readonly<Record<string, unknown>>>> = {};
      return binding.startOptions ? { body: binding.startOptions(start) } : none;
    },
    info: ({ latest }) => ({ balanced: isBalanced(...state(latest('body'))) }),
  };
}
