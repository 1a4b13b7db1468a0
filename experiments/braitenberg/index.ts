/**
 * `braitenberg`: the classic NRP Husky demo done our way. A differential-drive rover (by default
 * the Rapier rover of bodies/ in the environments/ arena, rapier-rover.ts; `rover=stand-in` gives
 * the analytic stand-in) with two light sensors and two wall-proximity rays; a small
 * spiking network (crossed excitation toward the light, ipsilateral excitation + crossed
 * inhibition away from walls); Poisson encoders in, exponential-window rate decoders out.
 * Each trial is a different seeded arena (light and start pose). Metrics per trial: time to reach
 * the light, path length, collisions; a trajectory plot.
 */
import { z } from 'zod';
import type { Bus } from '../../core/bus.js';
import { SpikingEngine } from '../../brains/spiking/index.js';
import { msToNs } from '../../core/time.js';
import { defineExperiment, type PlotSpec } from '../framework/define-experiment.js';
import { braitenbergNetwork } from './brain.js';
import { roverTransceivers } from './rover-transceivers.js';
import { ARENA_HALF_M, RapierRoverEngine } from './rapier-rover.js';
import { type Arena, StandInRoverEngine } from './stand-in-rover.js';

const Params = z.strictObject({
  /** `rapier`: bodies/ rover in the environments/ arena (default); `stand-in`: the analytic rover. */
  rover: z.enum(['rapier', 'stand-in']).default('rapier'),
  /**
   * Rapier rover: physics substeps per 10 ms step, irradiance (W/m²) at half brightness, and the
   * arena's obstacle block (off by default: this light-seeking vehicle has no detour behaviour and
   * stalls behind it in some arenas — measured 6/10 and 9/10 reached with it, seeds 1 and 2).
   */
  rapier: z.strictObject({ substeps: z.number().int().positive().default(5), lightHalfWm2: z.number().positive().default(0.5), obstacle: z.boolean().default(false) }).default({ substeps: 5, lightHalfWm2: 0.5, obstacle: false }),
  trials: z.number().int().positive().default(10),
  trialMs: z.number().positive().default(40_000),
  reachRadiusM: z.number().positive().default(0.8),
  inputSize: z.number().int().positive().default(10),
  motorSize: z.number().int().positive().default(10),
  wLightNA: z.number().nonnegative().default(0.2),
  wProxExcNA: z.number().nonnegative().default(0.1),
  wProxInhNA: z.number().nonpositive().default(-0.15),
  wMotorInhNA: z.number().nonpositive().default(0),
  biasNA: z.number().default(0.8),
  lightMaxHz: z.number().positive().default(200),
  proxMaxHz: z.number().positive().default(300),
  /** Wheel speed per Hz of motor rate; default 0.08 for the Rapier rover (slower, so the wheels
   * rarely saturate and it can turn tightly enough not to orbit the lamp), 0.15 for the stand-in. */
  radPerSPerHz: z.number().positive().optional(),
  rateTauMs: z.number().positive().default(50),
  brainDtMs: z.number().positive().default(10),
  timestepMs: z.number().positive().default(0.5),
  trajectoryEveryMs: z.number().positive().default(100),
});
/** Parameters of `braitenberg`. */
export type BraitenbergParams = z.infer<typeof Params>;

/** Per-trial outcome. */
export interface BraitenbergTrial {
  readonly trial: number;
  readonly reached: boolean;
  readonly timeToReachS: number | null;
  readonly pathLengthM: number;
  readonly collisions: number;
  readonly startDistanceM: number;
  readonly arena: Arena;
}

export default defineExperiment({
  name: 'braitenberg',
  description: 'Differential-drive rover steered to a light by a spiking Braitenberg vehicle (crossed excitation, wall avoidance); seeded arenas.',
  params: Params,
  build(p) {
    const rover = p.rover === 'rapier' ? new RapierRoverEngine({ name: 'rover', dtNs: msToNs(10), substeps: p.rapier.substeps, lightHalfWm2: p.rapier.lightHalfWm2, obstacle: p.rapier.obstacle }) : new StandInRoverEngine({ name: 'rover', dtNs: msToNs(10) });
    const half = rover instanceof StandInRoverEngine ? rover.o.arenaHalfM : ARENA_HALF_M;
    const brainDtNs = msToNs(p.brainDtMs);
    const brain = new SpikingEngine({
      name: 'brain',
      network: braitenbergNetwork({ ...p }),
      dtNs: brainDtNs,
      spikeOutputs: ['motorL', 'motorR'],
      rateOutputs: [{ population: 'motorL' }, { population: 'motorR' }],
    });
    const trials: BraitenbergTrial[] = [];
    const paths: { trial: number; tS: number; x: number; y: number }[] = [];
    let cur = { trial: 0, start: 0, reachedNs: -1, path: 0, lastX: Number.NaN, lastY: Number.NaN, nextSampleNs: 0, collisions: 0, d0: 0 };
    return {
      engines: [rover, brain],
      transceivers: roverTransceivers({
        inputSize: p.inputSize, motorSize: p.motorSize, lightMaxHz: p.lightMaxHz, proxMaxHz: p.proxMaxHz, brainDtNs,
        rateTauMs: p.rateTauMs, radPerSPerHz: p.radPerSPerHz ?? (p.rover === 'rapier' ? 0.08 : 0.15), maxWheelRadPerS: rover.o.maxWheelRadPerS, reachRadiusM: p.reachRadiusM,
      }),
      protocol: { phases: [{ name: 'arenas', trials: p.trials, trialMs: p.trialMs }] },
      record: [{ port: 'rover.pose', everyMs: p.trajectoryEveryMs }, { port: 'rover.status', everyMs: p.trajectoryEveryMs }, { port: 'brain.motorL.rate', everyMs: 50 }, { port: 'brain.motorR.rate', everyMs: 50 }],
      attach(bus: Bus) {
        bus.sync$.subscribe((ev) => {
          if (!ev.due.includes('rover')) return;
          const o = ev.outputs.get('rover');
          if (o === undefined) return;
          const pose = o['pose'] as Float64Array;
          const status = o['status'] as Float64Array;
          const t = ev.tNs - cur.start;
          if (cur.lastX === cur.lastX) cur.path += Math.hypot(pose[0]! - cur.lastX, pose[1]! - cur.lastY);
          cur.lastX = pose[0]!;
          cur.lastY = pose[1]!;
          cur.collisions = status[2]!;
          if (cur.reachedNs < 0 && status[0]! < p.reachRadiusM) cur.reachedNs = t;
          if (t >= cur.nextSampleNs) {
            paths.push({ trial: cur.trial, tS: t / 1e9, x: pose[0]!, y: pose[1]! });
            cur.nextSampleNs += msToNs(p.trajectoryEveryMs);
          }
        });
      },
      onTrialStart(info) {
        const a = rover.arena;
        cur = { trial: info.index, start: info.startNs, reachedNs: -1, path: 0, lastX: Number.NaN, lastY: Number.NaN, nextSampleNs: 0, collisions: 0, d0: Math.hypot(a.lightX - a.x0, a.lightY - a.y0) };
      },
      onTrialEnd(info) {
        trials.push({
          trial: info.index, reached: cur.reachedNs >= 0, timeToReachS: cur.reachedNs >= 0 ? cur.reachedNs / 1e9 : null,
          pathLengthM: cur.path, collisions: cur.collisions, startDistanceM: cur.d0, arena: rover.arena,
        });
      },
      metrics: () => {
        const ok = trials.filter((t) => t.reached);
        const times = ok.map((t) => t.timeToReachS as number).sort((a, b) => a - b);
        return {
          summary: {
            trials: trials.length, reached: ok.length, successRate: trials.length ? ok.length / trials.length : 0,
            medianTimeToReachS: times.length ? times[Math.floor(times.length / 2)] : null,
            meanPathLengthM: ok.length ? ok.reduce((a, t) => a + t.pathLengthM, 0) / ok.length : null,
            meanPathEfficiency: ok.length ? ok.reduce((a, t) => a + (t.startDistanceM - p.reachRadiusM) / t.pathLengthM, 0) / ok.length : null,
            totalCollisions: trials.reduce((a, t) => a + t.collisions, 0),
          },
          trials,
        };
      },
      plots: (): Record<string, PlotSpec> => ({
        'trajectories.vl.json': {
          $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
          title: 'Rover trajectories (one per seeded arena); squares = lights',
          width: 400, height: 400,
          layer: [
            { data: { values: paths }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: {
              x: { field: 'x', type: 'quantitative', scale: { domain: [-half, half] }, title: 'x (m)' },
              y: { field: 'y', type: 'quantitative', scale: { domain: [-half, half] }, title: 'y (m)' },
              color: { field: 'trial', type: 'nominal' }, order: { field: 'tS' } } },
            { data: { values: trials.map((t) => ({ trial: t.trial, x: t.arena.lightX, y: t.arena.lightY })) }, mark: { type: 'square', size: 120, filled: true },
              encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 'trial', type: 'nominal' } } },
          ],
        },
        'time-to-reach.vl.json': {
          $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
          title: 'Time to reach the light per arena', data: { values: trials.map((t) => ({ trial: t.trial, s: t.timeToReachS ?? p.trialMs / 1000, reached: t.reached })) },
          mark: 'bar', encoding: { x: { field: 'trial', type: 'ordinal' }, y: { field: 's', type: 'quantitative', title: 'time (s)' }, color: { field: 'reached', type: 'nominal' } },
        },
      }),
      summary: (m) => {
        const s = (m as { summary: Record<string, unknown> }).summary;
        return [`reached the light in ${s['reached']}/${s['trials']} arenas; median time ${s['medianTimeToReachS']} s; collisions ${s['totalCollisions']}`];
      },
    };
  },
});
