/**
 * `hybrid`: an ONNX controller and a spiking cerebellar module on one bus (issue #11).
 *
 * The CEM-trained swing-up/balance MLP of experiments/pendulum (trained/policy.onnx, run by an
 * OnnxEngine) balances the bodies/ Rapier pendulum, built inverted and carrying a payload clamped
 * off-axis at its tip (loaded-pendulum.ts). The policy never saw the payload: it balances with a
 * steady lean. A spiking cerebellar module (network.ts: mossy fibres coding φ and ω, a granule
 * expansion, two push–pull microzones of Purkinje cells taught by an inferior olive driven by φ,
 * deep nuclei) runs on the same bus; its DCN output is decoded into a torque that the `actuate`
 * transceiver adds to the policy's (hybrid-loop.ts). Over episodes the PF–PC synapses learn the
 * correction and the lean shrinks.
 *
 * `learning: 'both'` (default) runs the learning loop and an identical no-learning control loop
 * (static PF–PC synapses, same kicks) side by side on the bus, so metrics.json has the error per
 * episode with and without learning from one run.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Bus } from '../../core/bus.js';
import { ValidationError } from '../../core/errors.js';
import type { Engine } from '../../core/engine.js';
import type { Transceiver, TrialInfo } from '../../core/transceiver.js';
import { defineExperiment, type PlotSpec } from '../framework/define-experiment.js';
import { BODY, payloadTorqueNm } from './loaded-pendulum.js';
import { type HybridLoop, hybridLoop } from './hybrid-loop.js';
import { DEFAULT_HYBRID_CEREBELLUM, POP, hybridCerebellumNetwork } from './network.js';
import { hybridPlots } from './plots.js';
import { type EpisodeRecord, EpisodeScorer, summarise } from './scoring.js';

const here = dirname(fileURLToPath(import.meta.url));
const D = DEFAULT_HYBRID_CEREBELLUM;

/** Parameters (all overridable with --set). */
export const HybridParams = z.strictObject({
  /** Path of the policy (.onnx, input 'obs' [1,3], output 'action' [1,1]). */
  model: z.string().default(join(here, '..', 'pendulum', 'trained', 'policy.onnx')),
  episodes: z.number().int().positive().default(20),
  episodeMs: z.number().min(1000).default(5000),
  /** The error is scored from this time on in each episode (the kick and the first lean are transients). */
  scoreFromMs: z.number().nonnegative().default(1000),
  /** Payload at the pendulum tip: mass (kg) and lateral offset from the rod axis (m). */
  load: z.strictObject({ massKg: z.number().min(0).max(1).default(0.1), offsetM: z.number().min(-0.5).max(0.5).default(-0.5) }).default({ massKg: 0.1, offsetM: -0.5 }),
  /** 'on': PF–PC plasticity; 'off': static synapses; 'both': a learning and a control loop on one bus. */
  learning: z.enum(['on', 'off', 'both']).default('both'),
  /** Start kick (uniform in ±maxNm for durationMs, the same for both loops). */
  kick: z.strictObject({ maxNm: z.number().nonnegative().default(0.5), durationMs: z.number().positive().default(200) }).default({ maxNm: 0.5, durationMs: 200 }),
  mf: z.strictObject({
    angleRangeRad: z.number().positive().default(0.3), velocityRangeRadS: z.number().positive().default(1.5),
    peakHz: z.number().positive().default(60), baselineHz: z.number().nonnegative().default(2), tonicHz: z.number().nonnegative().default(30),
  }).default({ angleRangeRad: 0.3, velocityRangeRadS: 1.5, peakHz: 60, baselineHz: 2, tonicHz: 30 }),
  /** IO rate per rad of lean (Hz/rad) around the network's ioBaselineHz. */
  ioGainHzPerRad: z.number().positive().default(100),
  decoder: z.strictObject({ gainNmPerHz: z.number().positive().default(0.025), tauMs: z.number().positive().default(200) }).default({ gainNmPerHz: 0.025, tauMs: 200 }),
  /** Overrides of the cerebellar network (network.ts DEFAULT_HYBRID_CEREBELLUM). */
  network: z.strictObject({
    grc: z.number().int().positive().optional(), pcPerZone: z.number().int().positive().optional(), dcnPerZone: z.number().int().positive().optional(),
    pfPcW0: z.number().positive().optional(), pfPcWmax: z.number().positive().optional(), pfPcAplus: z.number().nonnegative().optional(),
    pcDcnW: z.number().positive().optional(), pcIoffsetNa: z.number().optional(), dcnIoffsetNa: z.number().optional(), ioBaselineHz: z.number().positive().optional(),
  }).default({}),
});
/** Parameters of the hybrid experiment. */
export type HybridParams = z.infer<typeof HybridParams>;

/** Condition names of the loops. */
type Condition = 'learning' | 'control';

export default defineExperiment({
  name: 'hybrid',
  description: 'Hybrid brain: an ONNX policy balances a loaded Rapier pendulum while a spiking cerebellar module on the same bus learns a corrective torque.',
  params: HybridParams,
  networks: (p) => ({ cerebellum: hybridCerebellumNetwork({ ...D, ...p.network }, p.learning !== 'off') }),
  build(p, ctx) {
    if (p.scoreFromMs >= p.episodeMs) throw new ValidationError('params.scoreFromMs', p.scoreFromMs, `< episodeMs (${p.episodeMs})`, 'score from a time inside the episode, e.g. 1000');
    const network = { ...D, ...p.network };
    const conditions: { cond: Condition; suffix: string; plastic: boolean }[] =
      p.learning === 'both' ? [{ cond: 'learning', suffix: '', plastic: true }, { cond: 'control', suffix: '_ctl', plastic: false }]
        : [{ cond: p.learning === 'on' ? 'learning' : 'control', suffix: '', plastic: p.learning === 'on' }];
    const loops = new Map<Condition, HybridLoop>();
    for (const c of conditions) {
      loops.set(c.cond, hybridLoop({
        suffix: c.suffix, model: p.model, payload: p.load, plastic: c.plastic, network, mf: p.mf,
        ioGainHzPerRad: p.ioGainHzPerRad, decoder: p.decoder, kick: { ...p.kick, seed: ctx.seed },
      }));
    }
    const engines: Engine[] = [];
    const transceivers: Transceiver<any>[] = [];
    for (const l of loops.values()) {
      engines.push(...l.engines);
      transceivers.push(...l.transceivers);
    }
    const scorers = new Map([...loops].map(([cond, l]) => [cond, new EpisodeScorer(l.names, network.dcnPerZone, network.pcPerZone, p.decoder.gainNmPerHz, p.scoreFromMs)]));
    const records = new Map<Condition, EpisodeRecord[]>([...loops.keys()].map((k) => [k, []]));
    const keep: Record<string, { keep: string[] }> = {};
    for (const l of loops.values()) keep[l.names.cerebellum] = { keep: ['weights'] };
    const first = [...loops.values()][0] as HybridLoop;
    return {
      engines,
      transceivers,
      protocol: { phases: [{ name: 'loaded', trials: p.episodes, trialMs: p.episodeMs }], reset: 'each-trial', keep },
      // Angle, policy action and applied torque of every loop; DCN spikes of the first loop only
      // (100 s of both loops' spikes made 20 MB of raster SVGs for little extra insight).
      record: [
        ...[...loops.values()].flatMap((l) => [
          { port: `${l.names.body}.${BODY.q}`, everyMs: 10 },
          { port: `${l.names.policy}.action`, everyMs: 10 },
          { port: `${l.names.body}.torque.effort`, everyMs: 10 },
        ]),
        { port: `${first.names.cerebellum}.${POP.dcnNeg}.spikes` },
        { port: `${first.names.cerebellum}.${POP.dcnPos}.spikes` },
      ],
      attach(bus: Bus) {
        bus.sync$.subscribe((ev) => {
          const t = ev.trial;
          if (t === undefined) return;
          const tIn = ev.tNs - t.startNs;
          for (const s of scorers.values()) s.onSync(tIn, ev.outputs);
        });
      },
      onTrialStart() {
        for (const s of scorers.values()) s.start();
      },
      onTrialEnd(t: TrialInfo) {
        for (const [cond, s] of scorers) (records.get(cond) as EpisodeRecord[]).push(s.finish(t.index));
      },
      metrics() {
        const learning = records.get('learning');
        const control = records.get('control');
        return {
          summary: {
            ...(learning ? { learning: summarise(learning) } : {}),
            ...(control ? { control: summarise(control) } : {}),
            loadTorqueNm: payloadTorqueNm(p.load),
            episodes: p.episodes,
            engines: first.engines.map((e) => e.name),
          },
          episodes: Array.from({ length: Math.max(learning?.length ?? 0, control?.length ?? 0) }, (_, k) => ({
            episode: k,
            ...(learning?.[k] ? { learning: stripTrace(learning[k]) } : {}),
            ...(control?.[k] ? { control: stripTrace(control[k]) } : {}),
          })),
        };
      },
      plots(): Record<string, PlotSpec> {
        return hybridPlots(records, p.scoreFromMs, payloadTorqueNm(p.load));
      },
      summary(m) {
        const s = m.summary as { learning?: { firstErrorRad: number; lastErrorRad: number; dropPercent: number }; control?: { firstErrorRad: number; lastErrorRad: number; dropPercent: number } };
        const line = (name: string, x: { firstErrorRad: number; lastErrorRad: number; dropPercent: number }) =>
          `${name}: mean |φ| ${(x.firstErrorRad * 1000).toFixed(1)} mrad (episode 1) → ${(x.lastErrorRad * 1000).toFixed(1)} mrad (last 3), change ${(-x.dropPercent).toFixed(0)} %`;
        return [s.learning ? line('with learning   ', s.learning) : '', s.control ? line('without learning', s.control) : ''].filter((x) => x !== '');
      },
    };
  },
});

function stripTrace(r: EpisodeRecord): Omit<EpisodeRecord, 'traceRad'> {
  const { traceRad: _t, ...rest } = r;
  return rest;
}
