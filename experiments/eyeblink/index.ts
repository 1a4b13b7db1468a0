/**
 * `eyeblink`: cerebellar eye-blink conditioning in closed loop (specs/eyeblink.md).
 *
 * Body (bodies/ + environments/): a head with an eyelid on a motorised hinge, a cornea pressure
 * sensor, an air-puff nozzle aimed at the cornea and a tone source read by an ear. Brain
 * (brains/spiking): MF → GrC → PC ⊣ DCN ← MF with IO teaching PC through the PF–PC rule.
 * Transceivers: protocol → tone/nozzle valves; ear → MF (temporally staggered trains); puff at the
 * cornea → IO (Poisson, 500 Hz at full puff); DCN rate above its pre-CS level → eyelid closure
 * command, plus a reflex (UR) closure 17.5 ms after the puff reaches the cornea. A CR that closes
 * the lid in time shields the cornea, so less puff reaches it and the IO teaches less: the loop
 * closes physically.
 */
import { z } from 'zod';
import { SpikingEngine } from '../../brains/spiking/spiking-engine.js';
import { EmulatorEngine, hardwareProfile } from '../../neuromorphic/emulator/index.js';
import type { Engine } from '../../core/engine.js';
import { type SpikeBatch, NO_SPIKES } from '../../core/ports.js';
import { msToNs } from '../../core/time.js';
import { defineTransceiver } from '../../core/transceiver.js';
import { createDelayLine, delayPush, poissonSpikes } from '../../transceivers/index.js';
import { defineExperiment, type PlotSpec } from '../framework/define-experiment.js';
import type { PhaseDescInput } from '../framework/schema.js';
import { EyeblinkAnalysis, type TrialData } from './analysis.js';
import { makeEyeblinkBody, BODY_PORTS } from './body.js';
import { MOUSE_REFERENCE } from './cr-detection.js';
import { createCsTimeCode, csTimeCode } from './cs-time-code.js';
import { DEFAULT_CEREBELLUM, SCALES, cerebellumNetwork } from './network.js';
import { eyeblinkPlots } from './plots.js';

const PhaseName = z.enum(['acquisition', 'extinction', 'reacquisition']);

/** Parameters (all overridable with --set). */
export const EyeblinkParams = z.strictObject({
  scale: z.enum(['small', 'template', 'mouse']).default('template'),
  phases: z.array(PhaseName).min(1).default(['acquisition']),
  acquisitionTrials: z.number().int().positive().default(100),
  extinctionTrials: z.number().int().positive().default(50),
  reacquisitionTrials: z.number().int().positive().default(100),
  /** Interval from CS onset to US onset (ms); the CS is extended to co-terminate with the US. */
  isiMs: z.number().min(50).max(800).default(250),
  csOnsetMs: z.number().min(100).default(100),
  usDurationMs: z.number().positive().default(30),
  trialMs: z.number().positive().default(1000),
  /** paired (default), CS alone only, or explicitly unpaired CS and US (US at a random time away from the CS). */
  control: z.enum(['paired', 'cs-alone', 'unpaired']).default('paired'),
  plasticity: z.strictObject({ pfPc: z.boolean().default(true), mfDcn: z.boolean().default(false), pcDcn: z.boolean().default(false) }).default({ pfPc: true, mfDcn: false, pcDcn: false }),
  /**
   * spiking: brains/spiking (float64); emulator:spinnaker: the same network on the event-driven
   * SpiNNaker-profile emulator (s16.15, 1 ms ticks, shift-rule weights; the PC excitatory ring-buffer
   * shift is lowered from the rule's 6 so that the PF–PC amplitudes span ≥ 1 weight step instead of
   * rounding to 0; all lowering deviations are logged; see neuromorphic/emulator/README.md).
   */
  brain: z.enum(['spiking', 'emulator:spinnaker']).default('spiking'),
  /** Overrides of the network parameters (experiments/eyeblink/network.ts). */
  network: z.strictObject({
    pfPcW0: z.number().positive().optional(), pfPcWmax: z.number().positive().optional(), pfPcAplus: z.number().nonnegative().optional(),
    pfPcAminus: z.number().nonpositive().optional(), pcIoffsetNa: z.number().optional(), dcnIoffsetNa: z.number().optional(),
    pcDcnW: z.number().positive().optional(), mfDcnW: z.number().positive().optional(), timestepMs: z.number().positive().optional(),
  }).default({}),
  /** MF code: rate in the active window, window length, background rate. */
  mf: z.strictObject({ rateHz: z.number().positive().default(40), windowMs: z.number().positive().default(60), backgroundHz: z.number().nonnegative().default(0) }).default({ rateHz: 40, windowMs: 60, backgroundHz: 0 }),
  /**
   * IO rate at full puff (Hz), the cornea pressure that counts as a full puff (Pa), a spontaneous
   * rate (Hz), and the nucleo-olivary inhibition: the DCN population rate above its pre-CS level
   * (Hz, same estimate as the eyelid drive) that silences the olive; the olive's rate is scaled by
   * max(0, 1 − excess/silenceHz) when the excess is positive (a DCN rate below its pre-CS level does
   * not excite the olive). 0 switches the pathway off.
   */
  io: z.strictObject({
    maxHz: z.number().positive().default(500), fullPuffPa: z.number().positive().default(50), spontaneousHz: z.number().nonnegative().default(0),
    silenceHz: z.number().nonnegative().default(4),
  }).default({ maxHz: 500, fullPuffPa: 50, spontaneousHz: 0, silenceHz: 4 }),
  /**
   * DCN → eyelid: closure per Hz of DCN population rate above its pre-CS level plus a deadband (so
   * rate noise does not twitch the lid), rate window (ms); reflex latency (ms, rounded to the 1 ms
   * body step from ≈17.5 ms) and the cornea pressure that triggers it.
   */
  eyelid: z.strictObject({
    closurePerHz: z.number().positive().default(0.02), deadbandHz: z.number().nonnegative().default(5), rateTauMs: z.number().positive().default(70),
    reflexLatencyMs: z.number().positive().default(18), reflexPuffPa: z.number().positive().default(5),
  }).default({ closurePerHz: 0.02, deadbandHz: 5, rateTauMs: 70, reflexLatencyMs: 18, reflexPuffPa: 5 }),
  crThresholdHz: z.number().positive().default(3.9),
  eyelidThreshold: z.number().positive().default(0.1),
});
/** Parameters of the eye-blink experiment. */
export type EyeblinkParams = z.infer<typeof EyeblinkParams>;

/** Builds the protocol phases from the parameters. */
export function eyeblinkProtocol(p: EyeblinkParams, seed: number): PhaseDescInput[] {
  const csMs = p.isiMs + p.usDurationMs;
  const cs = { type: 'cs', atMs: p.csOnsetMs, durationMs: csMs };
  const us = { type: 'us', atMs: p.csOnsetMs + p.isiMs, durationMs: p.usDurationMs };
  const phases: PhaseDescInput[] = [];
  let rng = seed >>> 0;
  const rand = (): number => {
    rng = (Math.imul(rng ^ (rng >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return rng / 4294967296;
  };
  const unpairedUs = () => {
    // A US outside the CS window (and its 100 ms after), never predictable from the CS.
    const lo = p.csOnsetMs + csMs + 150;
    const at = lo + rand() * Math.max(1, p.trialMs - p.usDurationMs - lo);
    return { type: 'us', atMs: Math.floor(at), durationMs: p.usDurationMs };
  };
  const trainingEvents = (i: number) => (p.control === 'paired' ? [cs, us] : p.control === 'cs-alone' ? [cs] : i % 2 === 0 ? [cs] : [unpairedUs()]);
  for (const name of p.phases) {
    const n = name === 'acquisition' ? p.acquisitionTrials + 1 : name === 'extinction' ? p.extinctionTrials : p.reacquisitionTrials;
    const perTrial = Array.from({ length: n }, (_, i) => {
      if (name === 'acquisition' && i === 0) return { events: [cs], params: { paired: false, baseline: true } };
      if (name === 'extinction') return { events: [cs], params: { paired: false } };
      const evs = trainingEvents(i);
      return { events: evs, params: { paired: evs.length === 2 } };
    });
    phases.push({ name, trials: n, trialMs: p.trialMs, events: [], perTrial });
  }
  return phases;
}

export default defineExperiment({
  name: 'eyeblink',
  description: 'Cerebellar eye-blink conditioning in closed loop: spiking MF-GrC-PC-DCN-IO network, PF-PC plasticity, eyelid, air puff and tone in Rapier.',
  params: EyeblinkParams,
  networks: (p, ctx) => ({ cerebellum: cerebellumNetwork(SCALES[p.scale], p.plasticity, { ...DEFAULT_CEREBELLUM, ...p.network }, ctx.seed) }),
  async build(p, ctx) {
    const scale = SCALES[p.scale];
    const netParams = { ...DEFAULT_CEREBELLUM, ...p.network };
    const network = cerebellumNetwork(scale, p.plasticity, netParams, ctx.seed);
    const brain: Engine & { network?: unknown } = p.brain === 'spiking'
      ? new SpikingEngine({ name: 'brain', network, dtNs: msToNs(1), spikeOutputs: ['DCN', 'PC'] })
      : new EmulatorEngine(network, { name: 'brain', profile: hardwareProfile('spinnaker', { spinnaker: { plasticMinSteps: 1 } }), dtNs: msToNs(1), spikeOutputs: ['DCN', 'PC'] });
    const body = await makeEyeblinkBody();
    const dtBrainNs = brain.dt;
    const csMs = p.isiMs + p.usDurationMs;
    const timing = { csOnsetMs: p.csOnsetMs, usOnsetMs: p.csOnsetMs + p.isiMs, trialMs: p.trialMs };
    const analysis = new EyeblinkAnalysis(timing, { dcn: scale.dcn, pc: scale.pc }, { dcnHz: p.crThresholdHz, eyelid: p.eyelidThreshold });

    const transceivers = [
      defineTransceiver({
        name: 'protocol_devices', reads: [], writes: [BODY_PORTS.toneTrigger, BODY_PORTS.nozzleTrigger],
        fn: (_i, _s, c) => ({ [BODY_PORTS.toneTrigger]: Float64Array.of(c.active('cs') ? 1 : 0), [BODY_PORTS.nozzleTrigger]: Float64Array.of(c.active('us') ? 1 : 0) }),
      }),
      defineTransceiver({
        name: 'cs_to_mf', reads: [BODY_PORTS.ear], writes: ['brain.MF.spikes'],
        init: () => createCsTimeCode({ fibres: scale.mf, csMs, windowMs: p.mf.windowMs, rateHz: p.mf.rateHz, backgroundHz: p.mf.backgroundHz }),
        fn: (i, s, c) => {
          const heard = ((i[BODY_PORTS.ear] as Float64Array)[0] as number) > 0.01;
          return { 'brain.MF.spikes': csTimeCode({ fibres: scale.mf, csMs, windowMs: p.mf.windowMs, rateHz: p.mf.rateHz, backgroundHz: p.mf.backgroundHz }, s, heard, c.tNs, dtBrainNs, c.rng) };
        },
      }),
      defineTransceiver({
        name: 'cornea_to_io', reads: [BODY_PORTS.cornea, 'brain.DCN.spikes'], writes: ['brain.IO.spikes'],
        init: () => ({ rates: new Float64Array(scale.pc), dcn: createDcnRate(dtBrainNs) }),
        fn: (i, s, c) => {
          const pa = (i[BODY_PORTS.cornea] as Float64Array)[0] as number;
          const frac = Math.min(1, Math.max(0, pa / p.io.fullPuffPa));
          if (pa > p.io.fullPuffPa) c.report('saturated', { what: 'IO rate', pressurePa: pa, fullPuffPa: p.io.fullPuffPa });
          // Nucleo-olivary inhibition: DCN activity above its pre-CS level suppresses the olive.
          const excess = dcnRateStep(s.dcn, i['brain.DCN.spikes'] as SpikeBatch, c.tInTrialNs);
          const inhib = p.io.silenceHz > 0 && excess > 0 ? Math.max(0, 1 - excess / p.io.silenceHz) : 1;
          const rate = (p.io.spontaneousHz + p.io.maxHz * frac) * inhib;
          if (rate === 0) return { 'brain.IO.spikes': NO_SPIKES };
          s.rates.fill(rate);
          return { 'brain.IO.spikes': poissonSpikes(s.rates, c.tNs, dtBrainNs, c.rng) };
        },
      }),
      defineTransceiver({
        name: 'eyelid_drive', reads: ['brain.DCN.spikes', BODY_PORTS.cornea], writes: [BODY_PORTS.eyelidCommand],
        init: () => ({
          dcn: createDcnRate(body.dt),
          reflex: createDelayLine({ size: 1, delayNs: msToNs(p.eyelid.reflexLatencyMs), periodNs: body.dt }),
          reflexOut: new Float64Array(1),
        }),
        fn: (i, s, c) => {
          const excess = dcnRateStep(s.dcn, i['brain.DCN.spikes'] as SpikeBatch, c.tInTrialNs);
          const cr = Math.max(0, excess - p.eyelid.deadbandHz) * p.eyelid.closurePerHz;
          const pa = (i[BODY_PORTS.cornea] as Float64Array)[0] as number;
          const reflex = (delayPush(s.reflex, [pa > p.eyelid.reflexPuffPa ? 1 : 0], s.reflexOut)[0] as number);
          const cmd = cr + reflex;
          if (cmd > 1) c.report('clipped', { what: 'eyelid closure command', value: cmd, limit: 1 });
          return { [BODY_PORTS.eyelidCommand]: Float64Array.of(Math.min(1, cmd)) };
        },
      }),
    ];

    /**
     * DCN population rate (Hz per cell) through an exponential window of `eyelid.rateTauMs`, and its
     * excess over the pre-CS level of the trial (mean over the second half of the pre-CS period);
     * the excess is 0 before CS onset. Shared by the eyelid drive and the nucleo-olivary pathway.
     */
    const createDcnRate = (dtNs: number) => ({ rateHz: 0, baselineHz: 0, baselineN: 0, decay: Math.exp(-(dtNs / 1e6) / p.eyelid.rateTauMs), dtS: dtNs / 1e9 });
    const csOnNs = msToNs(p.csOnsetMs);
    const baselineFromNs = msToNs(p.csOnsetMs / 2);
    const dcnRateStep = (s: ReturnType<typeof createDcnRate>, b: SpikeBatch, tInTrialNs: number): number => {
      const a = s.decay;
      s.rateHz = s.rateHz * a + (b.count / scale.dcn / s.dtS) * (1 - a);
      if (tInTrialNs < csOnNs && tInTrialNs >= baselineFromNs) {
        s.baselineN++;
        s.baselineHz += (s.rateHz - s.baselineHz) / s.baselineN;
      }
      return tInTrialNs >= csOnNs ? s.rateHz - s.baselineHz : 0;
    };

    let current: TrialData | undefined;
    const weightsAtStart: { w: Float64Array | undefined } = { w: undefined };
    const brainNet = () => (brain instanceof SpikingEngine ? brain.network : (brain as EmulatorEngine));
    const net = { getWeights: (l: string) => brainNet().getWeights(l), getConnections: (l: string) => brainNet().getConnections(l) };
    return {
      engines: [body, brain],
      transceivers,
      protocol: { phases: eyeblinkProtocol(p, ctx.seed), reset: 'each-trial', keep: { brain: { keep: ['weights'] } } },
      record: [
        { port: 'brain.DCN.spikes' }, { port: 'brain.PC.spikes' },
        { port: BODY_PORTS.eyelidClosure, everyMs: 1 }, { port: BODY_PORTS.cornea, everyMs: 1 },
      ],
      attach(bus) {
        bus.sync$.subscribe((ev) => {
          if (current === undefined) return;
          const tInTrialMs = (ev.tNs - (ev.trial?.startNs ?? 0)) / 1e6;
          if (ev.due.includes('brain')) {
            const o = ev.outputs.get('brain');
            const dcn = o?.['DCN.spikes'] as SpikeBatch;
            const pc = o?.['PC.spikes'] as SpikeBatch;
            for (let k = 0; k < dcn.count; k++) current.dcnSpikesMs.push((dcn.timesNs[k] as number) / 1e6 - (ev.trial?.startNs ?? 0) / 1e6);
            for (let k = 0; k < pc.count; k++) current.pcSpikesMs.push((pc.timesNs[k] as number) / 1e6 - (ev.trial?.startNs ?? 0) / 1e6);
          }
          if (ev.due.includes(body.name) && tInTrialMs < p.trialMs) {
            const o = ev.outputs.get(body.name);
            current.eyelid.push(((o?.[BODY_PORTS.eyelidClosure.slice(body.name.length + 1)] as Float64Array)[0] as number));
            current.cornea.push(((o?.[BODY_PORTS.cornea.slice(body.name.length + 1)] as Float64Array)[0] as number));
          }
        });
      },
      onTrialStart(t) {
        if (weightsAtStart.w === undefined && p.plasticity.pfPc) weightsAtStart.w = net.getWeights('pf_pc');
        current = { index: t.index, phase: t.phase, paired: t.params.paired === true, csOn: true, dcnSpikesMs: [], pcSpikesMs: [], eyelid: [], cornea: [] };
      },
      onTrialEnd() {
        if (current !== undefined) analysis.add(current);
        current = undefined;
      },
      metrics() {
        const blocks = analysis.blocks();
        const acq = blocks.filter((b) => b.phase === 'acquisition');
        const weightChange = p.plasticity.pfPc && weightsAtStart.w !== undefined ? pfPcWeightChangeByTiming(net, weightsAtStart.w, scale, csMs, p.mf.windowMs) : [];
        return {
          summary: {
            crPercentByBlock: acq.map((b) => b.crPercent),
            mouseReference: MOUSE_REFERENCE.crPercent,
            firstBlockCr: acq[0]?.crPercent ?? null,
            lastBlockCr: acq[acq.length - 1]?.crPercent ?? null,
            extinctionCrByBlock: blocks.filter((b) => b.phase === 'extinction').map((b) => b.crPercent),
            reacquisitionCrByBlock: blocks.filter((b) => b.phase === 'reacquisition').map((b) => b.crPercent),
            meanOnsetMsLastBlock: acq[acq.length - 1]?.meanOnsetMs ?? null,
            isiMs: p.isiMs,
          },
          trials: analysis.trials,
          blocks,
          weightChangeByTiming: weightChange,
        };
      },
      plots(): Record<string, PlotSpec> {
        return eyeblinkPlots(analysis, timing, weightChangeCache(net, weightsAtStart.w, scale, csMs, p.mf.windowMs, p.plasticity.pfPc));
      },
      summary(m) {
        const s = m.summary as { crPercentByBlock: number[]; extinctionCrByBlock: number[]; reacquisitionCrByBlock: number[] };
        const lines = [`%CR per block of 10 (acquisition): ${s.crPercentByBlock.map((x) => x.toFixed(0)).join(' ')}`, `mouse reference (Geminiani 2024):  ${MOUSE_REFERENCE.crPercent.join(' ')}`];
        if (s.extinctionCrByBlock.length) lines.push(`extinction: ${s.extinctionCrByBlock.map((x) => x.toFixed(0)).join(' ')}`);
        if (s.reacquisitionCrByBlock.length) lines.push(`re-acquisition: ${s.reacquisitionCrByBlock.map((x) => x.toFixed(0)).join(' ')}`);
        return lines;
      },
    };
  },
});

/** Mean PF–PC weight change per granule cell, grouped by the GrC's preferred time after CS onset. */
export function pfPcWeightChangeByTiming(net: Pick<SpikingEngine['network'], 'getConnections'>, w0: Float64Array, scale: { mf: number; grcPerMf: number }, csMs: number, windowMs: number): { preferredMs: number; deltaW: number; synapses: number }[] {
  const conns = net.getConnections('pf_pc');
  const grc = scale.mf * scale.grcPerMf;
  const bins = 28;
  const sum = new Float64Array(bins);
  const cnt = new Float64Array(bins);
  const span = Math.max(0, csMs - windowMs);
  for (let s = 0; s < conns.pre.length; s++) {
    const g = conns.pre[s] as number;
    // GrC g's MF neighbourhood centre (topographic map) → preferred window centre after CS onset.
    const centreMf = Math.floor((g * scale.mf) / grc);
    const pref = (centreMf * span) / Math.max(1, scale.mf - 1) + windowMs / 2;
    const b = Math.min(bins - 1, Math.floor((pref / (csMs + 20)) * bins));
    sum[b] = (sum[b] as number) + ((conns.weight[s] as number) - (w0[s] as number));
    cnt[b] = (cnt[b] as number) + 1;
  }
  const out: { preferredMs: number; deltaW: number; synapses: number }[] = [];
  for (let b = 0; b < bins; b++) if ((cnt[b] as number) > 0) out.push({ preferredMs: ((b + 0.5) * (csMs + 20)) / bins, deltaW: (sum[b] as number) / (cnt[b] as number), synapses: cnt[b] as number });
  return out;
}

function weightChangeCache(net: Pick<SpikingEngine['network'], 'getConnections'>, w0: Float64Array | undefined, scale: { mf: number; grcPerMf: number }, csMs: number, windowMs: number, on: boolean) {
  return on && w0 !== undefined ? pfPcWeightChangeByTiming(net, w0, scale, csMs, windowMs) : [];
}
