/**
 * One hybrid closed loop on the bus: three engines and five transceivers (sense, mossy, olive,
 * actuate, kick).
 *
 *   body (Rapier, loaded inverted pendulum) ──sense──▶ policy (OnnxEngine, the CEM-trained MLP)
 *        │  ├──mossy──▶ cerebellum.MF.rates   (Gaussian population codes of φ and ω, tonic context)
 *        │  └──olive──▶ cerebellum.IO_*.rates (baseline ± gain·φ, the error as climbing-fibre rate)
 *        ◀──actuate── policy.action·4 N·m + gain·(DCN_neg − DCN_pos rate)   (+ the seeded start kick)
 *
 * Every engine steps 5 ms (the cerebellum in five 1 ms network steps), so each path adds one 5 ms
 * step of latency (bus.latencies()). φ = q (the hinge angle from upright) wrapped to (−π, π].
 * The DCN rates go through exponential windows (tauMs); only their push–pull difference drives the
 * torque, so the tonic rate the two microzones share cancels.
 */
import type { Engine } from '../../core/engine.js';
import type { SpikeBatch } from '../../core/ports.js';
import { Rng, deriveSeed } from '../../core/random.js';
import { defineTransceiver, type Transceiver } from '../../core/transceiver.js';
import { OnnxEngine } from '../../brains/onnx/index.js';
import { SpikingEngine } from '../../brains/spiking/spiking-engine.js';
import { createExpRateDecoder, createPopulationCode, expRateUpdate, populationRates, wrapAngle } from '../../transceivers/index.js';
import { pendulumObservation } from '../pendulum/pendulum-env.js';
import { BODY, POLE, loadedPendulumBody, type PayloadDesc } from './loaded-pendulum.js';
import { POP, hybridCerebellumNetwork, mfCount, type HybridCerebellumParams } from './network.js';

/** Options of one loop. */
export interface HybridLoopOptions {
  /** Engine/transceiver name suffix ('' or e.g. '_ctl' for the control loop). */
  readonly suffix: string;
  readonly model: string | Uint8Array;
  readonly payload: PayloadDesc;
  readonly plastic: boolean;
  readonly network: HybridCerebellumParams;
  /** Mossy-fibre code: angle range (rad), velocity range (rad/s), peak/baseline/tonic rates (Hz). */
  readonly mf: { readonly angleRangeRad: number; readonly velocityRangeRadS: number; readonly peakHz: number; readonly baselineHz: number; readonly tonicHz: number };
  /** IO rate change per rad of φ (Hz/rad). */
  readonly ioGainHzPerRad: number;
  /** Torque per Hz of DCN_neg − DCN_pos population rate (N·m/Hz), and the rate window (ms). */
  readonly decoder: { readonly gainNmPerHz: number; readonly tauMs: number };
  /**
   * Start kick: a torque drawn uniform in [−maxNm, maxNm] for the first durationMs of an episode,
   * from (seed, episode index) so that the learning and control loops get the same kicks.
   */
  readonly kick: { readonly maxNm: number; readonly durationMs: number; readonly seed: number };
}

/** Engines, transceivers and engine names of one loop. */
export interface HybridLoop {
  readonly engines: Engine[];
  readonly transceivers: Transceiver<any>[];
  readonly names: { readonly body: string; readonly policy: string; readonly cerebellum: string };
  readonly cerebellum: SpikingEngine;
}

/** Builds one loop (see file comment). */
export function hybridLoop(o: HybridLoopOptions): HybridLoop {
  const names = { body: `body${o.suffix}`, policy: `policy${o.suffix}`, cerebellum: `cerebellum${o.suffix}` };
  const body = loadedPendulumBody(o.payload, names.body);
  const policy = new OnnxEngine({
    name: names.policy,
    dtNs: POLE.bodyDtNs,
    model: o.model,
    inputs: { obs: { tensor: 'obs', size: 3, description: '[cos φ, sin φ, ω], φ from upright' } },
    outputs: { action: { tensor: 'action', size: 1, unit: '1', description: 'normalised torque in [−1, 1]' } },
  });
  const net = o.network;
  const cerebellum = new SpikingEngine({
    name: names.cerebellum,
    network: hybridCerebellumNetwork(net, o.plastic),
    dtNs: POLE.bodyDtNs,
    spikeOutputs: [POP.dcnPos, POP.dcnNeg, POP.pcPos, POP.pcNeg],
    rateInputs: [POP.mf, POP.ioPos, POP.ioNeg],
  });
  const q = `${names.body}.${BODY.q}`;
  const w = `${names.body}.${BODY.omega}`;
  const torque = `${names.body}.${BODY.torque}`;
  const c = names.cerebellum;
  const angleCode = createPopulationCode({ size: net.mfAngle, lo: -o.mf.angleRangeRad, hi: o.mf.angleRangeRad, peakHz: o.mf.peakHz, baselineHz: o.mf.baselineHz });
  const velocityCode = createPopulationCode({ size: net.mfVelocity, lo: -o.mf.velocityRangeRadS, hi: o.mf.velocityRangeRadS, peakHz: o.mf.peakHz, baselineHz: o.mf.baselineHz });
  const read = (v: unknown): number => (v as Float64Array)[0] as number;

  const sense = defineTransceiver<{ obs: Float64Array<ArrayBuffer> }>({
    name: `sense${o.suffix}`,
    reads: [q, w],
    writes: [`${names.policy}.obs`],
    init: () => ({ obs: new Float64Array(3) }),
    // The policy's angle convention: θ = q + π (0 hanging, π upright).
    fn: (i, s) => ({ [`${names.policy}.obs`]: pendulumObservation(read(i[q]) + Math.PI, read(i[w]), s.obs) }),
  });
  const mossy = defineTransceiver<{ rates: Float64Array; angle: Float64Array; velocity: Float64Array; saturated: boolean }>({
    name: `mossy${o.suffix}`,
    reads: [q, w],
    writes: [`${c}.${POP.mf}.rates`],
    init: () => ({ rates: new Float64Array(mfCount(net)), angle: new Float64Array(net.mfAngle), velocity: new Float64Array(net.mfVelocity), saturated: false }),
    fn: (i, s, ctx) => {
      // States outside the coded ranges saturate at the edge neurons (a fallen pole is still "far");
      // each entry into saturation is reported once.
      const phiRaw = wrapAngle(read(i[q]));
      const omRaw = read(i[w]);
      const phi = Math.max(-o.mf.angleRangeRad, Math.min(o.mf.angleRangeRad, phiRaw));
      const om = Math.max(-o.mf.velocityRangeRadS, Math.min(o.mf.velocityRangeRadS, omRaw));
      const saturated = phi !== phiRaw || om !== omRaw;
      if (saturated && !s.saturated) ctx.report('clipped', { what: 'mossy-fibre code input', phiRad: phiRaw, omegaRadS: omRaw, angleRangeRad: o.mf.angleRangeRad, velocityRangeRadS: o.mf.velocityRangeRadS });
      s.saturated = saturated;
      s.rates.set(populationRates(angleCode, phi, s.angle), 0);
      s.rates.set(populationRates(velocityCode, om, s.velocity), net.mfAngle);
      s.rates.fill(o.mf.tonicHz, net.mfAngle + net.mfVelocity);
      return { [`${c}.${POP.mf}.rates`]: s.rates };
    },
  });
  const olive = defineTransceiver<{ pos: Float64Array; neg: Float64Array }>({
    name: `olive${o.suffix}`,
    reads: [q],
    writes: [`${c}.${POP.ioPos}.rates`, `${c}.${POP.ioNeg}.rates`],
    init: () => ({ pos: new Float64Array(net.pcPerZone), neg: new Float64Array(net.pcPerZone) }),
    fn: (i, s) => {
      const e = o.ioGainHzPerRad * wrapAngle(read(i[q]));
      s.pos.fill(Math.max(0, net.ioBaselineHz + e));
      s.neg.fill(Math.max(0, net.ioBaselineHz - e));
      return { [`${c}.${POP.ioPos}.rates`]: s.pos, [`${c}.${POP.ioNeg}.rates`]: s.neg };
    },
  });
  const actuate = defineTransceiver({
    name: `actuate${o.suffix}`,
    reads: [`${names.policy}.action`, `${c}.${POP.dcnPos}.spikes`, `${c}.${POP.dcnNeg}.spikes`],
    writes: [torque],
    init: () => ({ pos: createExpRateDecoder(net.dcnPerZone, o.decoder.tauMs), neg: createExpRateDecoder(net.dcnPerZone, o.decoder.tauMs), out: new Float64Array(1) }),
    fn: (i, s, ctx) => {
      const rPos = mean(expRateUpdate(s.pos, i[`${c}.${POP.dcnPos}.spikes`] as SpikeBatch, ctx.tNs));
      const rNeg = mean(expRateUpdate(s.neg, i[`${c}.${POP.dcnNeg}.spikes`] as SpikeBatch, ctx.tNs));
      s.out[0] = read(i[`${names.policy}.action`]) * POLE.maxTorqueNm + o.decoder.gainNmPerHz * (rNeg - rPos);
      return { [torque]: s.out };
    },
  });
  const kick = defineTransceiver<{ amp: number | undefined; zero: Float64Array; on: Float64Array }>({
    name: `kick${o.suffix}`,
    reads: [],
    writes: [torque],
    init: () => ({ amp: undefined, zero: new Float64Array(1), on: new Float64Array(1) }),
    fn: (_i, s, ctx) => {
      if (s.amp === undefined) {
        s.amp = new Rng(deriveSeed(o.kick.seed, `kick:${ctx.trial?.index ?? 0}`)).uniform(-o.kick.maxNm, o.kick.maxNm);
        s.on[0] = s.amp;
      }
      return { [torque]: ctx.tInTrialNs < o.kick.durationMs * 1e6 ? s.on : s.zero };
    },
  });
  return { engines: [body, policy, cerebellum], transceivers: [sense, mossy, olive, actuate, kick], names, cerebellum };
}

/** Population mean of per-neuron rates. */
function mean(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] as number;
  return s / a.length;
}
