/**
 * Bus transceivers of the TVB–NEST scheme, built from the pure conversions.
 *
 * `rateToSpikesTransceiver`: reads an analog value of the mean-field engine for one region (e.g.
 * its long-range input or rate), scales it to Hz and writes the Poisson spikes of the next exchange
 * window [t, t + windowNs) to a spiking engine's spikes input. Runs when the spiking engine is due.
 *
 * `spikesToRateTransceiver`: reads the spikes a spiking population emitted over the last window and
 * writes rate × scale (e.g. 1e-3 for Hz → 1/ms) to one element of the mean-field engine's `proxy`
 * input. The spiking engine must step at the exchange period (sub-stepping internally), so that each
 * of its outputs holds the whole window: the bus runs this transceiver only when the mean-field
 * engine is due, and the window check below refuses spikes outside the window instead of losing them.
 *
 * Exchange period ≤ minimum delay is enforced by the bus from the engines' `coupling` metadata.
 */
import { ProtocolError, ValidationError } from '../../core/errors.js';
import { isSpikeBatch, type PortValue } from '../../core/ports.js';
import { defineTransceiver, type Transceiver } from '../../core/transceiver.js';
import { poissonSpikes, type PoissonMode } from './rates-to-spikes.js';
import { SpikeBuffer } from './spike-buffer.js';
import { exponentialKernelRateHz, histogramRateHz } from './spikes-to-rates.js';

/** Options of the rate → spikes transceiver. */
export interface RateToSpikesOptions {
  readonly name?: string;
  /** `engine.port` of an analog output, e.g. 'tvb.coupling'. */
  readonly read: string;
  /** Element of the analog output (region index). */
  readonly index: number;
  /** Multiplies the value to get Hz per source neuron (e.g. 1000 for 1/ms). */
  readonly scaleToHz: number;
  /** `engine.port` of the spiking engine's spikes input. */
  readonly write: string;
  /** Number of source neurons N (tvb-multiscale N_E, default 100). */
  readonly nNeurons: number;
  readonly mode?: PoissonMode;
  /** Exchange window = the spiking engine's dt (ns). */
  readonly windowNs: number;
  /** Resolution of the generated trains (ns), must divide windowNs; default windowNs. */
  readonly binNs?: number;
  /** Negative values: 'floor' to 0 (TVB's max(0, rate)) and report, or 'error' (default). */
  readonly negative?: 'floor' | 'error';
}

/** Builds the rate → spikes transceiver (inhomogeneous Poisson, scaled by N). */
export function rateToSpikesTransceiver(o: RateToSpikesOptions): Transceiver<{ buf: SpikeBuffer; rates: Float64Array<ArrayBuffer> }> {
  const binNs = o.binNs ?? o.windowNs;
  if (!Number.isInteger(o.windowNs) || o.windowNs <= 0 || !Number.isInteger(binNs) || o.windowNs % binNs !== 0) {
    throw new ValidationError('rateToSpikes.binNs', binNs, `a positive integer that divides windowNs = ${o.windowNs}`, 'use the spiking engine dt for both or a divisor of it');
  }
  if (!Number.isInteger(o.index) || o.index < 0) throw new ValidationError('rateToSpikes.index', o.index, 'a region index ≥ 0', 'name the region by index');
  const nBins = o.windowNs / binNs;
  const mode = o.mode ?? 'independent';
  return defineTransceiver({
    name: o.name ?? `rate-to-spikes(${o.read}[${o.index}])`,
    reads: { [o.read]: 'analog' },
    writes: { [o.write]: 'spikes' },
    init: () => ({ buf: new SpikeBuffer(), rates: new Float64Array(nBins) }),
    fn(inputs, state, ctx) {
      const v = inputs[o.read] as Float64Array;
      if (o.index >= v.length) throw new ValidationError('rateToSpikes.index', o.index, `< ${v.length} (size of ${o.read})`, 'pick an existing region');
      let hz = (v[o.index] as number) * o.scaleToHz;
      if (hz < 0) {
        if (o.negative !== 'floor') throw new ValidationError(`${o.read}[${o.index}] × scale`, hz, 'a rate ≥ 0 Hz', "check the scale, or set negative: 'floor' (TVB's max(0, rate))");
        ctx.report('rate-floored', { value: hz, region: o.index });
        hz = 0;
      }
      state.rates.fill(hz);
      state.buf.clear();
      poissonSpikes(state.rates, binNs, ctx.tNs, o.nNeurons, mode, ctx.rng, state.buf);
      return { [o.write]: state.buf.batch() };
    },
  });
}

/** Options of the spikes → rate transceiver. */
export interface SpikesToRateOptions {
  readonly name?: string;
  /** `engine.port` of the spiking population's spikes output. */
  readonly read: string;
  /** `engine.port` of the mean-field proxy input, e.g. 'tvb.proxy'. */
  readonly write: string;
  /** Element of the proxy input this population feeds. */
  readonly index: number;
  /** Size of the proxy input. */
  readonly size: number;
  readonly nNeurons: number;
  /** Exchange window (ns) = the spiking engine's dt. */
  readonly windowNs: number;
  /** Multiplies the rate in Hz (e.g. 1e-3 to get 1/ms). */
  readonly scale: number;
  /** 'histogram' (default) or an exponential kernel with tauMs. */
  readonly kernel?: 'histogram' | { readonly kind: 'exponential'; readonly tauMs: number };
}

/** Builds the spikes → rate transceiver (histogram or kernel rate, × 1/N). */
export function spikesToRateTransceiver(o: SpikesToRateOptions): Transceiver<{ out: Float64Array<ArrayBuffer>; kernel: { rateHz: number; tNs: number } }> {
  if (!Number.isInteger(o.index) || o.index < 0 || o.index >= o.size) throw new ValidationError('spikesToRate.index', o.index, `an index in [0, ${o.size})`, 'match the proxy input size');
  return defineTransceiver({
    name: o.name ?? `spikes-to-rate(${o.read})`,
    reads: { [o.read]: 'spikes' },
    writes: { [o.write]: 'analog' },
    init: () => ({ out: new Float64Array(o.size), kernel: { rateHz: 0, tNs: 0 } }),
    fn(inputs, state, ctx) {
      const s = inputs[o.read] as PortValue;
      if (!isSpikeBatch(s)) throw new ProtocolError('not-spikes', `${o.read} is not a SpikeBatch`);
      const t0 = ctx.tNs - o.windowNs;
      for (let k = 0; k < s.count; k++) {
        const t = s.timesNs[k] as number;
        if (t < t0 || t >= ctx.tNs) {
          throw new ValidationError(`${o.read}.timesNs[${k}]`, t, `a time in the exchange window [${t0}, ${ctx.tNs}) ns`,
            'step the spiking engine at the exchange period (sub-step inside it) so every spike of the window reaches the mean field');
        }
      }
      const hz = o.kernel === undefined || o.kernel === 'histogram'
        ? histogramRateHz(s, t0, o.windowNs, o.nNeurons)
        : exponentialKernelRateHz(state.kernel, s, ctx.tNs, o.kernel.tauMs, o.nNeurons);
      state.out[o.index] = hz * o.scale;
      return { [o.write]: state.out };
    },
  });
}
