/**
 * The rover↔brain transceivers of `braitenberg`, composed from the transceivers/ library:
 *  - `sense`: light and proximity sensors → Poisson spike trains (linear gain, clipped and
 *    reported) for the next brain interval [t, t + dt);
 *  - `act`: motor spikes → exponential-window rates (Hz) → wheel speeds ω = gain · rate, clipped to
 *    the motor limit with a report; the wheels stop once the light is reached.
 */
import type { SpikeBatch } from '../../core/ports.js';
import { type Transceiver, defineTransceiver } from '../../core/transceiver.js';
import {
  type ExpRateState, type PoissonEncoderState, clipInto, createExpRateDecoder, createPoissonEncoder, emptyClipReport, expRateUpdate,
  poissonEncode, reportClip,
} from '../../transceivers/index.js';

/** Parameters of the two transceivers. */
export interface RoverTransceiverParams {
  readonly inputSize: number;
  readonly motorSize: number;
  readonly lightMaxHz: number;
  readonly proxMaxHz: number;
  /** Brain sync interval (ns): the window the encoders fill. */
  readonly brainDtNs: number;
  readonly rateTauMs: number;
  readonly radPerSPerHz: number;
  readonly maxWheelRadPerS: number;
  readonly reachRadiusM: number;
}

/** Builds `sense` and `act`. */
export function roverTransceivers(p: RoverTransceiverParams): Transceiver<any>[] {
  const sense = defineTransceiver<Record<string, PoissonEncoderState>>({
    name: 'sense',
    reads: { 'rover.light': 'analog', 'rover.proximity': 'analog' },
    writes: { 'brain.lightL.spikes': 'spikes', 'brain.lightR.spikes': 'spikes', 'brain.proxL.spikes': 'spikes', 'brain.proxR.spikes': 'spikes' },
    init: () => {
      const lin = (maxHz: number) => createPoissonEncoder({ size: p.inputSize, gain: { kind: 'linear', hzPerUnit: maxHz, maxHz } });
      return { lightL: lin(p.lightMaxHz), lightR: lin(p.lightMaxHz), proxL: lin(p.proxMaxHz), proxR: lin(p.proxMaxHz) };
    },
    fn: (i, st, ctx) => {
      const light = i['rover.light'] as Float64Array;
      const prox = i['rover.proximity'] as Float64Array;
      const enc = (s: PoissonEncoderState, x: number): SpikeBatch => poissonEncode(s, new Float64Array(p.inputSize).fill(x), ctx.tNs, p.brainDtNs, ctx.rng, ctx);
      return {
        'brain.lightL.spikes': enc(st['lightL']!, light[0]!),
        'brain.lightR.spikes': enc(st['lightR']!, light[1]!),
        'brain.proxL.spikes': enc(st['proxL']!, prox[0]!),
        'brain.proxR.spikes': enc(st['proxR']!, prox[1]!),
      };
    },
  });
  interface ActState { left: ExpRateState; right: ExpRateState; raw: Float64Array }
  const clip = emptyClipReport();
  const act = defineTransceiver<ActState>({
    name: 'act',
    reads: { 'brain.motorL.spikes': 'spikes', 'brain.motorR.spikes': 'spikes', 'rover.status': 'analog' },
    writes: { 'rover.wheels': 'analog' },
    init: () => ({ left: createExpRateDecoder(p.motorSize, p.rateTauMs), right: createExpRateDecoder(p.motorSize, p.rateTauMs), raw: new Float64Array(2) }),
    fn: (i, st, ctx) => {
      const mean = (r: Float64Array): number => r.reduce((a, b) => a + b, 0) / r.length;
      const rl = mean(expRateUpdate(st.left, i['brain.motorL.spikes'] as SpikeBatch, ctx.tNs));
      const rr = mean(expRateUpdate(st.right, i['brain.motorR.spikes'] as SpikeBatch, ctx.tNs));
      const reached = (i['rover.status'] as Float64Array)[0]! < p.reachRadiusM;
      st.raw[0] = reached ? 0 : p.radPerSPerHz * rl;
      st.raw[1] = reached ? 0 : p.radPerSPerHz * rr;
      const out = new Float64Array(2);
      reportClip(ctx, 'wheels.radPerS', clipInto(st.raw, -p.maxWheelRadPerS, p.maxWheelRadPerS, out, clip), -p.maxWheelRadPerS, p.maxWheelRadPerS);
      return { 'rover.wheels': out };
    },
  });
  return [sense, act];
}
