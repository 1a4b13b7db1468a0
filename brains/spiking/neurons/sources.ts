/**
 * Spike sources: Poisson (rates settable per neuron at run time), array, regular and external
 * (bus-fed). Sources emit in step k the spikes whose times fall in [k·dt, (k+1)·dt); a source may
 * emit several spikes of one neuron in one step (the id is repeated), which matters for
 * high-rate Poisson drives (e.g. Brunel's external input).
 */
import { Rng } from '../../../core/random.js';
import { PopulationState } from './population.js';

/**
 * SpikeSourcePoisson: in each step of [start, start + duration) neuron i emits a Poisson(rate_i·dt)
 * number of spikes, drawn exactly by inversion (one uniform when no spike, the common case).
 */
export class PoissonSourcePopulation extends PopulationState {
  readonly rateHz: Float64Array;
  private readonly expNegLam: Float64Array;
  private readonly lam: Float64Array;
  private rng: Rng;
  private readonly startStep: number;
  private readonly stopStep: number;

  constructor(label: string, n: number, engine: string, dtMs: number, readonly p: Readonly<Record<string, number>>, seed: number) {
    super(label, n, engine, dtMs);
    this.rateHz = new Float64Array(n);
    this.expNegLam = new Float64Array(n);
    this.lam = new Float64Array(n);
    this.rng = new Rng(seed);
    this.startStep = Math.round((p.start as number) / dtMs);
    this.stopStep = Math.min(Number.MAX_SAFE_INTEGER, Math.round(((p.start as number) + (p.duration as number)) / dtMs));
  }

  /** Sets the rate (Hz) of every neuron from `rates` (length n) or one value. */
  setRates(rates: Float64Array | number): void {
    for (let i = 0; i < this.n; i++) {
      const r = typeof rates === 'number' ? rates : (rates[i] as number);
      this.rateHz[i] = r;
      const l = (r * this.dtMs) / 1000;
      this.lam[i] = l;
      this.expNegLam[i] = Math.exp(-l);
    }
  }

  /** Reseeds the stream (reset). */
  reseed(seed: number): void {
    this.rng = new Rng(seed);
  }

  override resetState(): void {
    this.setRates(this.p.rate as number);
    this.clearInputs();
  }

  override variable(): Float64Array | undefined {
    return undefined;
  }

  override step(k: number): void {
    this.nSpikes = 0;
    if (k < this.startStep || k >= this.stopStep) return;
    const { expNegLam, lam, rng } = this;
    let sp = this.spikes;
    let ns = 0;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      const u = rng.float();
      let cdf = expNegLam[i] as number;
      if (u < cdf) continue;
      let pk = cdf;
      let c = 0;
      const l = lam[i] as number;
      while (u >= cdf && c < 1000) {
        c++;
        pk *= l / c;
        cdf += pk;
      }
      if (ns + c > sp.length) {
        this.nSpikes = ns;
        this.reserve(ns + c + n);
        sp = this.spikes;
      }
      for (let m = 0; m < c; m++) sp[ns++] = i;
    }
    this.nSpikes = ns;
  }
}

/**
 * Sources with a fixed schedule (SpikeSourceArray, SpikeSourceRegular) compiled to a step-sorted
 * list of (step, id) pairs; per step cost is O(spikes).
 */
export class ScheduledSourcePopulation extends PopulationState {
  private readonly steps: Float64Array;
  private readonly ids: Int32Array;
  private cursor = 0;

  /** `times[i]` are the spike times (ms) of neuron i. */
  constructor(label: string, n: number, engine: string, dtMs: number, times: readonly (readonly number[])[]) {
    super(label, n, engine, dtMs);
    const pairs: [number, number][] = [];
    times.forEach((ts, i) => {
      for (const t of ts) pairs.push([Math.round(t / dtMs), i]);
    });
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.steps = Float64Array.from(pairs, (p) => p[0]);
    this.ids = Int32Array.from(pairs, (p) => p[1]);
  }

  override resetState(): void {
    this.cursor = 0;
    this.clearInputs();
  }

  override variable(): Float64Array | undefined {
    return undefined;
  }

  override step(k: number): void {
    this.nSpikes = 0;
    const { steps, ids } = this;
    while (this.cursor < steps.length && (steps[this.cursor] as number) < k) this.cursor++;
    while (this.cursor < steps.length && steps[this.cursor] === k) this.pushSpike(ids[this.cursor++] as number);
  }
}


/**
 * SpikeSourceExternal: spikes come from the bus (engine input port). `inject` queues ids for a
 * given step; queued spikes are emitted when that step runs.
 */
export class ExternalSourcePopulation extends PopulationState {
  private qSteps = new Float64Array(64);
  private qIds = new Int32Array(64);
  private qLen = 0;

  /** Queues a spike of neuron `id` in step `k` (k ≥ the next step to run). */
  inject(k: number, id: number): void {
    if (this.qLen === this.qIds.length) {
      const s = new Float64Array(this.qLen * 2);
      s.set(this.qSteps);
      this.qSteps = s;
      const d = new Int32Array(this.qLen * 2);
      d.set(this.qIds);
      this.qIds = d;
    }
    this.qSteps[this.qLen] = k;
    this.qIds[this.qLen++] = id;
  }

  override resetState(): void {
    this.qLen = 0;
    this.clearInputs();
  }

  override variable(): Float64Array | undefined {
    return undefined;
  }

  override step(k: number): void {
    this.nSpikes = 0;
    let keep = 0;
    for (let m = 0; m < this.qLen; m++) {
      const s = this.qSteps[m] as number;
      const id = this.qIds[m] as number;
      if (s <= k) this.pushSpike(id);
      else {
        this.qSteps[keep] = s;
        this.qIds[keep++] = id;
      }
    }
    this.qLen = keep;
  }
}

/** SpikeSourceRegular: every neuron spikes at start + m·(1000/rate) ms (rounded to the grid). */
export class RegularSourcePopulation extends PopulationState {
  private m = 0;
  constructor(label: string, n: number, engine: string, dtMs: number, readonly p: Readonly<Record<string, number>>) {
    super(label, n, engine, dtMs);
  }
  override resetState(): void {
    this.m = 0;
    this.clearInputs();
  }
  override variable(): Float64Array | undefined {
    return undefined;
  }
  override step(k: number): void {
    this.nSpikes = 0;
    const isi = 1000 / (this.p.rate as number);
    const stop = (this.p.start as number) + (this.p.duration as number);
    for (;;) {
      const t = (this.p.start as number) + this.m * isi;
      if (t >= stop) return;
      const s = Math.round(t / this.dtMs);
      if (s > k) return;
      this.m++;
      if (s === k) for (let i = 0; i < this.n; i++) this.pushSpike(i);
    }
  }
}
