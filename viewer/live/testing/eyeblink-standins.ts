/**
 * Stand-in engines for the viewer's browser test and fps benchmark, shaped like the eye-blink
 * set-up until the real head (bodies/) lands: a head with two eyelids whose closure follows a
 * first-order response to a `close` command, emitting tone/puff events on a 500 ms trial cycle; and
 * a brain of N Poisson neurons whose rates carry a travelling wave across the population and rise
 * with a `drive` input. They only exist to feed the viewer realistic streams (they are not models).
 */
import { checkInputs, checkStep } from '../../../core/check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../../../core/engine.js';
import type { Inputs, Outputs, PortSpec } from '../../../core/ports.js';
import { NO_SPIKES } from '../../../core/ports.js';
import { Rng, deriveSeed } from '../../../core/random.js';
import { defineTransceiver, type Transceiver } from '../../../core/transceiver.js';
import type { LinkDesc, ViewerLayer } from '../protocol.js';

const MS = 1_000_000;

/** Links of the stand-in head, matching the rows of `head.poses`. */
export const HEAD_LINKS: readonly LinkDesc[] = [
  { name: 'head', shape: 'sphere', size: [0.4], color: [0.85, 0.7, 0.6] },
  { name: 'upperLid', shape: 'box', size: [0.16, 0.05, 0.04], color: [0.6, 0.45, 0.4] },
  { name: 'lowerLid', shape: 'box', size: [0.16, 0.04, 0.04], color: [0.6, 0.45, 0.4] },
];

/** Head with eyelids (1 ms step). Outputs poses [3, 7], eyelid closure [1] and stimulus events. */
export class StandInHeadEngine implements Engine {
  readonly name: string;
  readonly dt = MS;
  readonly ports: PortSpec = {
    inputs: { close: { kind: 'analog', shape: [1], unit: '1' } },
    outputs: {
      poses: { kind: 'analog', shape: [3, 7], unit: 'm' },
      eyelid: { kind: 'analog', shape: [1], unit: '1' },
      stimuli: { kind: 'events' },
    },
  };
  private now = 0;
  private closure = 0;

  constructor(name = 'head') {
    this.name = name;
  }
  init(_ctx: EngineContext): Outputs {
    return this.resetState();
  }
  reset(_opts?: ResetOptions): Outputs {
    return this.resetState();
  }
  advance(to: number, inputs: Inputs): Outputs {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const cmd = (inputs.close as Float64Array | undefined)?.[0] ?? 0;
    const a = Math.exp(-1 / 10); // 10 ms time constant, exact over 1 ms
    this.closure = cmd + (this.closure - cmd) * a;
    const prev = this.now;
    this.now = to;
    const events: { type: string }[] = [];
    const phase = (t: number): number => t % (500 * MS);
    if (phase(prev) < 100 * MS && phase(to) >= 100 * MS) events.push({ type: 'tone' });
    if (phase(prev) < 350 * MS && phase(to) >= 350 * MS) events.push({ type: 'puff' });
    return this.outputs(events);
  }
  dispose(): void {}
  private resetState(): Outputs {
    this.now = 0;
    this.closure = 0;
    return this.outputs([]);
  }
  private outputs(events: { type: string }[]): Outputs {
    const c = Math.min(1, Math.max(0, this.closure));
    // The head turns ±0.35 rad at 1 Hz; the lids ride on it (offsets rotated about y).
    const yaw = 0.35 * Math.sin((2 * Math.PI * this.now) / 1e9);
    const qy = Math.sin(yaw / 2);
    const qw = Math.cos(yaw / 2);
    const place = (ox: number, oy: number, oz: number): number[] => [
      ox * Math.cos(yaw) + oz * Math.sin(yaw), 0.2 + oy, -ox * Math.sin(yaw) + oz * Math.cos(yaw), 0, qy, 0, qw,
    ];
    const p = new Float64Array(21);
    p.set([0, 0.2, 0, 0, qy, 0, qw], 0);
    p.set(place(0.09, 0.1 - 0.07 * c, -0.17), 7);
    p.set(place(0.09, -0.04 + 0.03 * c, -0.17), 14);
    return { poses: p, eyelid: Float64Array.of(c), stimuli: events };
  }
}

/** N Poisson neurons (0.1 ms step) with a travelling wave of rate and a `drive` input (Hz added). */
export class StandInBrainEngine implements Engine {
  readonly name: string;
  readonly dt = MS / 10;
  readonly ports: PortSpec;
  private now = 0;
  private rng = new Rng(0);
  private seed = 0;
  private readonly ids: Int32Array;
  private readonly times: Float64Array;
  private readonly recent: Float64Array;
  private k = 0;

  constructor(readonly size = 1000, name = 'brain') {
    this.name = name;
    this.ports = {
      inputs: { drive: { kind: 'analog', shape: [1], unit: 'Hz' } },
      outputs: { spikes: { kind: 'spikes', size }, rate: { kind: 'analog', shape: [1], unit: 'Hz' } },
    };
    this.ids = new Int32Array(size);
    this.times = new Float64Array(size);
    this.recent = new Float64Array(100);
  }
  init(ctx: EngineContext): Outputs {
    this.seed = deriveSeed(ctx.seed, 'standin-brain');
    return this.resetState(this.seed);
  }
  reset(opts?: ResetOptions): Outputs {
    return this.resetState(opts?.seed === undefined ? this.seed : deriveSeed(opts.seed, 'standin-brain'));
  }
  advance(to: number, inputs: Inputs): Outputs {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const drive = (inputs.drive as Float64Array | undefined)?.[0] ?? 0;
    const tS = this.now / 1e9;
    const side = Math.ceil(Math.cbrt(this.size));
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const x = (i % side) / side;
      const wave = Math.exp(-(((x - ((tS * 2) % 1)) / 0.08) ** 2)); // a band sweeping across x twice a second
      const rate = 4 + 120 * wave + (i < this.size / 5 ? drive : 0);
      if (this.rng.float() < rate * 1e-4) {
        this.ids[n] = i;
        this.times[n] = this.now;
        n++;
      }
    }
    this.now = to;
    this.recent[this.k++ % 100] = n;
    let sum = 0;
    for (const c of this.recent) sum += c;
    return { spikes: n === 0 ? NO_SPIKES : { ids: this.ids, timesNs: this.times, count: n }, rate: Float64Array.of(sum / this.size / 0.01) };
  }
  dispose(): void {}
  private resetState(seed: number): Outputs {
    this.now = 0;
    this.rng = new Rng(seed);
    this.recent.fill(0);
    this.k = 0;
    return { spikes: NO_SPIKES, rate: Float64Array.of(0) };
  }
}

/** Loop: a puff drives the brain; the first fifth of the brain's rate closes the eyelid. */
export function standInTransceivers(head = 'head', brain = 'brain'): Transceiver<any>[] {
  return [
    defineTransceiver({
      name: 'puff-to-brain', reads: [`${head}.stimuli`], writes: [`${brain}.drive`],
      fn: (i) => ({ [`${brain}.drive`]: Float64Array.of((i[`${head}.stimuli`] as { type: string }[]).some((e) => e.type === 'puff') ? 400 : 0) }),
    }),
    defineTransceiver({
      name: 'rate-to-lid', reads: [`${brain}.rate`], writes: [`${head}.close`],
      fn: (i) => ({ [`${head}.close`]: Float64Array.of(Math.min(1, ((i[`${brain}.rate`] as Float64Array)[0] as number) / 60)) }),
    }),
  ];
}

/** The layers an eye-blink experiment would register: the air puff marker and the eyelid trace. */
export const EYEBLINK_LAYERS: readonly ViewerLayer[] = [
  { kind: 'flash', name: 'airPuff', key: 'head.stimuli', type: 'puff', shape: 'cone', position: [0.3, 0.23, -0.2], size: 0.08, color: [0.4, 0.9, 1], holdMs: 60 },
  { kind: 'flash', name: 'tone', key: 'head.stimuli', type: 'tone', shape: 'box', position: [-0.35, 0.45, 0], size: 0.06, color: [1, 0.5, 0.8], holdMs: 280 },
  { kind: 'trace', name: 'eyelid', key: 'head.eyelid', min: 0, max: 1, color: '#ff5577' },
];
