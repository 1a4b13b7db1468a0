/**
 * `reaching`: a cerebellar controller learns the mass it lifts (D'Angelo & Jirsa, Box 2).
 *
 * Body (bodies/ + environments/): the Rapier 3-DOF arm in torque mode; a box of `loadKg` is a
 * payload of the world fixed to the forearm at the hand (0.1 m to the side, so when it is dropped it
 * falls clear of the arm). Every trial the arm starts upright and reaches a target posture along a
 * minimum-jerk path, driven by a PD controller with the *unloaded* arm's gravity feed-forward; from
 * trial `loadTrial` on the load stays in the hand (earlier trials drop it at their first step), so
 * the PD sags below the target.
 * Brain (brains/spiking): MF (time in the reach) → GrC → PC ⊣ DCN ← MF, IO → PC teaching through the
 * PF–PC rule, one push–pull channel pair per joint; the DCN difference of a pair is a corrective
 * torque added to the PD's.
 * Conditions run side by side on one bus with separate arms and brains: learning, no-learning
 * (static PF–PC: the ablation) and, optionally, pd-only. Between trials each arm is reset; brains
 * keep their weights.
 */
import { SpikingEngine } from '../../brains/spiking/spiking-engine.js';
import { BodyEngine } from '../../bodies/body-engine.js';
import { armRobot } from '../../bodies/robots/arm.js';
import type { Engine } from '../../core/engine.js';
import { ValidationError } from '../../core/errors.js';
import { WorldEnvironment } from '../../environments/world-environment.js';
import { defineExperiment, type PlotSpec } from '../framework/define-experiment.js';
import { summarise, TrialAccumulator, type ConditionSummary, type JointTrace, type ReachTrialScore } from './analysis.js';
import { ARM_GEOMETRY, handPosition } from './arm-model.js';
import { desiredAt, loaded, reachingTransceivers, reachOf, type LoopNames } from './loop.js';
import { DEFAULT_REACHING_CEREBELLUM, REACHING_SCALES, reachingCerebellum } from './network.js';
import { ReachingParams, type Condition } from './params.js';
import { reachingPlots } from './plots.js';

/** Engine names of a condition. */
export function namesOf(c: Condition): LoopNames {
  const suffix = c === 'learning' ? '' : c === 'no-learning' ? '_ablated' : '_pd';
  return { arm: `arm${suffix}`, brain: `cb${suffix}` };
}

/** Offset of the load from the forearm origin (m, link frame): at the hand, 0.1 m out of the arm's plane. */
export const LOAD_XYZ: [number, number, number] = [0, 0.1, 0.25];

/** Trials summarised at each end of the loaded phase. */
const BLOCK = 5;

export default defineExperiment({
  name: 'reaching',
  description: 'A cerebellar spiking module (MF-GrC-PC-DCN, IO-taught PF-PC plasticity) learns to compensate a load on a Rapier arm reaching a target; with/without learning.',
  params: ReachingParams,
  networks: (p, ctx) => ({ cerebellum: reachingCerebellum(REACHING_SCALES[p.scale], true, { ...DEFAULT_REACHING_CEREBELLUM, ...p.network }, ctx.seed) }),
  build(p, ctx) {
    if (p.loadTrial >= p.trials) throw new ValidationError('params.loadTrial', p.loadTrial, `< trials (${p.trials})`, 'put the load onset inside the run, or raise trials');
    if (new Set(p.conditions).size !== p.conditions.length) throw new ValidationError('params.conditions', p.conditions, 'each condition once', 'remove the duplicate');
    if (p.reachMs + p.endWindowMs > p.trialMs) throw new ValidationError('params.reachMs', p.reachMs, `≤ trialMs − endWindowMs (${p.trialMs - p.endWindowMs})`, 'shorten the reach or lengthen the trial');
    const scale = REACHING_SCALES[p.scale];
    const netParams = { ...DEFAULT_REACHING_CEREBELLUM, ...p.network };
    const engines: Engine[] = [];
    const transceivers = [];
    const keep: Record<string, { keep: string[] }> = {};
    for (const c of p.conditions) {
      const names = namesOf(c);
      const suffix = names.arm.slice(3);
      engines.push(new BodyEngine({
        name: names.arm, robot: armRobot({ imu: false }),
        environment: new WorldEnvironment({ payloads: [{ name: 'load', link: 'forearm', xyz: LOAD_XYZ, massKg: p.loadKg, size: [0.05, 0.05, 0.05] }] }),
      }));
      if (c !== 'pd-only') {
        engines.push(new SpikingEngine({
          name: names.brain, network: reachingCerebellum(scale, c === 'learning', netParams, ctx.seed), dtNs: 1_000_000, spikeOutputs: ['DCN', 'PC'], rateInputs: ['MF', 'IO'],
        }));
        keep[names.brain] = { keep: ['weights'] };
      }
      transceivers.push(...reachingTransceivers(p, c === 'pd-only' ? undefined : scale, names, suffix));
    }

    const reach = reachOf(p);
    const target = handPosition(ARM_GEOMETRY, p.target[0], p.target[1]);
    const scores: Record<string, ReachTrialScore[]> = Object.fromEntries(p.conditions.map((c) => [c, []]));
    const traces: JointTrace[] = [];
    let acc: { c: Condition; arm: string; a: TrialAccumulator }[] = [];
    const qd = new Float64Array(2);
    const vd = new Float64Array(2);
    const q = new Float64Array(2);
    const traceLabel = (index: number): string | undefined =>
      index === p.loadTrial - 1 ? 'last unloaded' : index === p.loadTrial ? 'first loaded' : index === p.trials - 1 ? 'last loaded' : undefined;

    return {
      engines,
      transceivers,
      protocol: {
        phases: [
          ...(p.loadTrial > 0 ? [{ name: 'unloaded', trials: p.loadTrial, trialMs: p.trialMs, params: { loaded: false } }] : []),
          { name: 'loaded', trials: p.trials - p.loadTrial, trialMs: p.trialMs, params: { loaded: true } },
        ],
        reset: 'each-trial',
        keep,
      },
      record: p.conditions.flatMap((c) => [{ port: `${namesOf(c).arm}.hand.pose`, everyMs: 5 }, { port: `${namesOf(c).arm}.elbow.position`, everyMs: 5 }, { port: `${namesOf(c).arm}.shoulder.position`, everyMs: 5 }]),
      attach(bus) {
        bus.sync$.subscribe((ev) => {
          if (acc.length === 0) return;
          const tInTrialNs = ev.tNs - (ev.trial?.startNs ?? 0);
          const tMs = tInTrialNs / 1e6;
          if (tMs > p.trialMs) return;
          desiredAt(reach, tInTrialNs, qd, vd);
          for (const { arm, a } of acc) {
            if (!ev.due.includes(arm)) continue;
            const o = ev.outputs.get(arm);
            const pose = o?.['hand.pose'] as Float64Array;
            q[0] = (o?.['shoulder.position'] as Float64Array)[0] as number;
            q[1] = (o?.['elbow.position'] as Float64Array)[0] as number;
            const d = Math.hypot((pose[0] as number) - (target[0] as number), pose[1] as number, (pose[2] as number) - (target[1] as number));
            a.add(tMs, d, q, qd, tMs > p.trialMs - p.endWindowMs, tMs >= p.reachMs);
          }
        });
      },
      onTrialStart(t) {
        const label = traceLabel(t.index);
        acc = p.conditions.map((c) => ({ c, arm: namesOf(c).arm, a: new TrialAccumulator(c, t.index, t.phase, loaded(t.params), label) }));
      },
      onTrialEnd() {
        for (const { c, a } of acc) {
          scores[c]!.push(a.score());
          if (a.trace !== undefined) traces.push(a.trace);
        }
        acc = [];
      },
      metrics() {
        const summary: Record<string, ConditionSummary> = {};
        for (const c of p.conditions) summary[c] = summarise(scores[c]!, BLOCK);
        return {
          summary: { ...summary, loadKg: p.loadKg, loadTrial: p.loadTrial, targetHandM: [target[0], target[1]] },
          trials: p.conditions.flatMap((c) => scores[c]!),
          traces,
        };
      },
      plots(): Record<string, PlotSpec> {
        return reachingPlots(p.conditions.flatMap((c) => scores[c]!), traces, p.loadTrial);
      },
      summary(m) {
        const s = m.summary as Record<string, ConditionSummary>;
        const cm = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(2)} cm`);
        return p.conditions.map((c) => {
          const r = s[c]!;
          return `${c.padEnd(12)} endpoint error: before load ${cm(r.beforeLoadM)}, first ${r.k} loaded ${cm(r.firstLoadedM)}, last ${r.k} loaded ${cm(r.lastLoadedM)} (${r.reductionPercent === null ? '–' : r.reductionPercent.toFixed(0)} % reduction)`;
        });
      },
    };
  },
});
