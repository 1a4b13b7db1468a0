/**
 * Event-driven emulator of neuromorphic hardware, an Engine on the bus.
 *
 * Work is proportional to events, not to neurons × steps: spikes are delivered through CSR rows
 * into per-tick delay ring buffers; only neurons that received input this tick, are refractory,
 * have an offset current or could still reach threshold (bound: max(v, v_rest) + positive
 * synaptic charge / cm) are updated. A quiescent neuron is brought up to date lazily when its
 * next input arrives, in closed form (float) or by replaying ticks until its fixed-point state
 * stops changing (SpiNNaker). The update is the exact propagator of IF_curr_exp: v uses the
 * currents at the start of the tick, currents decay, inputs arriving at the end of the tick are
 * added, threshold is checked at the end of the tick. Schedule as brains/spiking (and pyNN.brian2):
 * a spike of step k (a source spike time in [k·dt, (k+1)·dt), or a threshold crossing during the
 * step) is stamped k·dt and acts from step k + delay + 1.
 *
 * IF_cond_exp uses brains/spiking's exponential-Euler scheme (see stepCond); a conductance neuron
 * leaves the active set only at its resting fixed point. The PF–PC rule (pf-pc-rule.ts) updates a
 * plastic projection's weights at the end of each tick (LTD at teacher spikes, then LTP and delivery
 * of the fibre spikes); `reset({keep: ['weights']})` keeps them; getWeights/getConnections read them.
 *
 * Profiles (hardware-profile.ts): `float` (float64), `spinnaker` (s16.15 state, u0.32 decays,
 * 1 ms ticks, quantised weights/delays from lowering.ts, 16-bit ring-buffer entries that saturate at
 * 0xFFFF weight steps, counted in stats.ringSaturations), `brainscales2` (6-bit weights, minimum
 * delay, 1000× acceleration reported as hardware time; analog noise and mismatch not modelled).
 *
 * Ports follow brains/spiking's SpikingEngine so the emulator is a drop-in brain: inputs
 * `<pop>.spikes` for every SpikeSourceExternal population (spikes handed over at a sync point act
 * as source spikes at its time, delivered after their delay: the one-step bus latency); outputs
 * `<pop>.spikes` for the populations in `spikeOutputs` (default: all), stamped on the tick grid in
 * (now, to]; plus `deviations` events (the lowering report, at init/reset only). `dtNs` (the sync
 * interval) may be a multiple of the profile's tick.
 */
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../../core/engine.js';
import { EngineError, SimulationError, ValidationError } from '../../core/errors.js';
import { type EventRecord, type Inputs, type Outputs, type PortDecl, type PortSpec, type SpikeBatch, NO_SPIKES } from '../../core/ports.js';
import { Rng, deriveSeed } from '../../core/random.js';
import type { TimeNs } from '../../core/time.js';
import { type NetworkDesc, type NetworkDescInput, sampleValue, validateNetwork } from '../../brains/network/index.js';
import { fastExp } from '../../brains/numerics/fast-exp.js';
import { G_FLUSH, V_SNAP } from '../../brains/spiking/neurons/lif-cond.js';
import { stepsOf } from '../../brains/spiking/propagators.js';
import { type HardwareProfile, type ProfileName, hardwareProfile } from './hardware-profile.js';
import { type LoweredNetwork, lowerNetwork } from './lowering.js';
import { PfPcRule } from './pf-pc-rule.js';

/** Options of the emulator engine. */
export interface EmulatorEngineOptions {
  readonly name?: string;
  /** Profile or its name (strict by default). */
  readonly profile?: HardwareProfile | ProfileName;
  /** Sync interval (ns), a multiple of the profile tick; default one tick. */
  readonly dtNs?: number;
  /** Populations whose spikes are output ports (default: all). */
  readonly spikeOutputs?: readonly string[];
}

/** Counters of work done (for benchmarks and reports). */
export interface EmulatorStats {
  /** Synaptic events delivered (spike × outgoing connection). */
  synapticEvents: number;
  /** Spikes emitted (sources and neurons). */
  spikes: number;
  /** Neuron updates performed (a dense simulator would do neurons × steps). */
  neuronUpdates: number;
  /** Ticks advanced. */
  ticks: number;
  /** SpiNNaker: ring-buffer additions that saturated at 0xFFFF weight steps. */
  ringSaturations: number;
}

/** Explicit connections of a projection with current weights (as brains/spiking's ConnectionsView). */
export interface EmulatorConnections {
  readonly pre: Int32Array;
  readonly post: Int32Array;
  readonly weight: Float64Array;
  readonly delayMs: Float64Array;
}

const FIX = 32768;
const U032 = 2 ** 32;
/** Conductance state resolution: g·1024 in s16.15 (sPyNNaker's conductance weight scale). */
const GFIX = 32768 * 1024;

/** The emulator engine (see file comment). */
export class EmulatorEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  readonly profile: HardwareProfile;
  readonly net: NetworkDesc;
  /** The lowered network (after init). */
  lowered: LoweredNetwork | undefined;
  readonly stats: EmulatorStats = { synapticEvents: 0, spikes: 0, neuronUpdates: 0, ticks: 0, ringSaturations: 0 };
  private seed = 0;
  private k = 0;
  private log: EngineContext['log'] = () => undefined;
  /** Ring-buffer saturations summed over resets (reported at dispose). */
  private saturationsTotal = 0;
  private disposed = false;
  private fixed = false;
  // neuron state and constants (global index)
  private N = 0;
  private v = new Float64Array(0);
  private ie = new Float64Array(0);
  private ii = new Float64Array(0);
  private refr = new Int32Array(0);
  private last = new Int32Array(0);
  private activeFlag = new Uint8Array(0);
  private active = new Int32Array(0);
  private nActive = 0;
  private popOf = new Int32Array(0);
  private isNeuron = new Uint8Array(0);
  private C: PopConst[] = [];
  // CSR by source
  private rowPtr = new Int32Array(1);
  private tgt = new Int32Array(0);
  private w = new Float64Array(0);
  private dl = new Int32Array(0);
  private rec = new Uint8Array(0);
  // ring-buffer saturation (SpiNNaker: 0xFFFF weight steps per entry; Infinity elsewhere)
  private satE = new Float64Array(0);
  private satI = new Float64Array(0);
  // plastic PF–PC projections; per population: rules it is the pre / teacher population of
  private rules: PfPcRule[] = [];
  private preRules: (PfPcRule[] | undefined)[] = [];
  private teacherRules: (PfPcRule[] | undefined)[] = [];
  // ring buffers
  private L = 2;
  private ringE = new Float64Array(0);
  private ringI = new Float64Array(0);
  private touched = new Int32Array(0);
  private nTouched = new Int32Array(0);
  private stamp = new Int32Array(0);
  // sources
  /** All SpikeSourceArray spikes, sorted by tick then neuron (one schedule, no per-tick sweep). */
  private arrTick = new Int32Array(0);
  private arrG = new Int32Array(0);
  private arrPos = 0;
  private heap = new MinHeap();
  private rng = new Rng(0);
  private srcRate = new Float64Array(0);
  private srcStop = new Float64Array(0);
  private regular = new Uint8Array(0);
  // outputs
  private outIds: Int32Array[] = [];
  private outTimes: Float64Array[] = [];
  private outCount = new Int32Array(0);
  private procList = new Int32Array(0);
  private readonly tickNs: number;
  private readonly ticksPerSync: number;
  private readonly outLabels: Set<string>;

  constructor(network: NetworkDescInput | NetworkDesc, opts: EmulatorEngineOptions = {}) {
    this.net = validateNetwork(network);
    this.profile = typeof opts.profile === 'object' ? opts.profile : hardwareProfile(opts.profile ?? 'float');
    this.name = opts.name ?? `emulator:${this.profile.name}`;
    const dtMs = this.profile.name === 'spinnaker' ? this.profile.spinnaker.tickMs : this.net.timestepMs;
    this.tickNs = Math.round(dtMs * 1e6);
    this.dt = opts.dtNs ?? this.tickNs;
    if (!Number.isSafeInteger(this.dt) || this.dt <= 0 || this.dt % this.tickNs !== 0) {
      throw new ValidationError(`${this.name}.dtNs`, opts.dtNs, `a positive multiple of the ${this.profile.name} tick (${this.tickNs} ns)`, 'use a whole number of ticks');
    }
    this.ticksPerSync = this.dt / this.tickNs;
    const labels = this.net.populations.map((p) => p.label);
    for (const l of opts.spikeOutputs ?? []) {
      if (!labels.includes(l)) throw new ValidationError(`${this.name}.spikeOutputs`, l, `a population label (${labels.join(', ')})`, 'name an existing population');
    }
    this.outLabels = new Set(opts.spikeOutputs ?? labels);
    const ins: Record<string, PortDecl> = {};
    const outs: Record<string, PortDecl> = {};
    for (const p of this.net.populations) {
      if (this.outLabels.has(p.label)) outs[`${p.label}.spikes`] = { kind: 'spikes', size: p.size, description: `spikes of '${p.label}'` };
      if (p.cellType === 'SpikeSourceExternal') ins[`${p.label}.spikes`] = { kind: 'spikes', size: p.size, description: `external spikes into '${p.label}'` };
    }
    outs.deviations = { kind: 'events', description: 'lowering deviations (at init/reset)' };
    this.ports = { inputs: ins, outputs: outs };
  }

  init(ctx: EngineContext): Outputs {
    this.seed = ctx.seed;
    this.lowered = lowerNetwork(this.net, this.profile, ctx.seed);
    // expected number-format effects are info; anything that changes the network beyond rounding is a warning
    const routine = new Set(['weight-quantisation', 'delay-rounding', 'plasticity-quantisation']);
    for (const d of this.lowered.deviations) ctx.log(routine.has(d.kind) ? 'info' : 'warn', `${d.kind} ${d.where}: ${d.message}${d.maxError !== undefined ? ` (max ${d.maxError})` : ''}`);
    this.log = ctx.log;
    this.build(this.lowered);
    this.resetState(ctx.seed);
    return this.initialOutputs();
  }

  /** `reset({keep: ['weights']})` keeps learnt PF–PC weights; anything else returns to t = 0. */
  reset(opts?: ResetOptions): Outputs {
    if (this.lowered === undefined) throw new EngineError(this.name, 0, 'reset before init');
    for (const k of opts?.keep ?? []) {
      if (k !== 'weights') throw new ValidationError(`${this.name}.reset.keep`, k, "'weights'", 'only learnt weights can be kept across a reset');
    }
    this.saturationsTotal += this.stats.ringSaturations;
    this.resetState(opts?.seed ?? this.seed, (opts?.keep ?? []).includes('weights'));
    return this.initialOutputs();
  }

  /** Current weights of a projection in IR units (plastic: CSR-by-source order, as brains/spiking; static: lowering order). */
  getWeights(label: string): Float64Array {
    return this.getConnections(label).weight;
  }

  /** Explicit connections of a projection with current weights (order as getWeights). */
  getConnections(label: string): EmulatorConnections {
    const L = this.lowered;
    const p = L?.projections.find((x) => x.label === label);
    if (L === undefined || p === undefined) throw new ValidationError(`${this.name}.projection`, label, `a projection label (${L?.projections.map((x) => x.label).join(', ') ?? 'after init'})`, 'use a projection label of the network, after init');
    const r = this.rules.find((x) => x.label === label);
    if (r === undefined) return { pre: p.preIdx.slice(), post: p.postIdx.slice(), weight: p.weight.slice(), delayMs: Float64Array.from(p.delayTicks, (d) => d * L.dtMs) };
    const n = r.w.length;
    const pre = new Int32Array(n);
    for (let i = 0; i + 1 < r.rowPtr.length; i++) pre.fill(i, r.rowPtr[i] as number, r.rowPtr[i + 1] as number);
    const off = L.populations.find((x) => x.label === p.post)!.offset;
    return { pre, post: Int32Array.from(r.tgt, (g) => g - off), weight: r.weights(), delayMs: Float64Array.from(r.dl, (d) => d * L.dtMs) };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const total = this.saturationsTotal + this.stats.ringSaturations;
    if (total > 0) this.log('warn', `${total} ring-buffer additions saturated at 0xFFFF weight steps during the run (input lost; see stats.ringSaturations)`);
  }

  advance(to: TimeNs, inputs: Inputs): Outputs {
    if (this.disposed || this.lowered === undefined) throw new EngineError(this.name, this.k * this.tickNs, 'advance before init or after dispose');
    const now = this.k * this.tickNs;
    checkStep(this.name, now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    this.outCount.fill(0);
    for (let s = 0; s < this.ticksPerSync; s++) this.tick(s === 0 ? inputs : undefined);
    return this.collectOutputs();
  }

  /** One tick [k, k+1): external spikes (first tick of a sync interval), sources, neurons. */
  private tick(inputs: Inputs | undefined): void {
    const L0 = this.lowered as LoweredNetwork;
    const k = this.k;
    const dtMs = L0.dtMs;
    const tEndMs = (k + 1) * dtMs;
    // 1. external spikes handed over at t = k·tick
    if (inputs !== undefined) {
      for (const p of L0.populations) {
        if (p.cellType !== 'SpikeSourceExternal') continue;
        const b = inputs[`${p.label}.spikes`] as SpikeBatch | undefined;
        if (b === undefined) continue;
        for (let i = 0; i < b.count; i++) this.emit(p.offset + (b.ids[i] as number), k + 1, k * this.tickNs);
      }
    }
    // 2. array and Poisson/regular sources with spikes in step k
    while (this.arrPos < this.arrTick.length && (this.arrTick[this.arrPos] as number) <= k) {
      this.emit(this.arrG[this.arrPos] as number, k + 1, k * this.tickNs);
      this.arrPos++;
    }
    while (this.heap.size > 0 && this.heap.topTick() <= k) {
      const g = this.heap.pop();
      this.emit(g, k + 1, k * this.tickNs);
      this.scheduleNext(g, k);
    }
    // 3. neurons: active ∪ touched at slot k+1
    const slot = (k + 1) % this.L;
    let nProc = 0;
    for (let a = 0; a < this.nActive; a++) this.procList[nProc++] = this.active[a] as number;
    const base = slot * this.N;
    const nt = this.nTouched[slot] as number;
    for (let a = 0; a < nt; a++) {
      const g = this.touched[base + a] as number;
      if (this.activeFlag[g] === 0) {
        this.catchUp(g, k);
        this.activeFlag[g] = 1;
        this.procList[nProc++] = g;
      }
    }
    this.nTouched[slot] = 0;
    this.nActive = 0;
    for (let a = 0; a < nProc; a++) {
      const g = this.procList[a] as number;
      this.stepNeuron(g, slot, k, tEndMs);
    }
    for (let r = 0; r < this.rules.length; r++) this.plasticStep(this.rules[r] as PfPcRule, k);
    this.k = k + 1;
    this.stats.ticks++;
  }

  /**
   * Membrane potentials (mV) of a population at the current time, without changing state
   * (quiescent neurons are propagated on a copy). For probes and tests.
   */
  voltages(label: string): Float64Array {
    const L = this.lowered;
    const p = L?.populations.find((x) => x.label === label);
    if (L === undefined || p === undefined || p.isSource) throw new EngineError(this.name, this.k * this.tickNs, `no neuron population '${label}' (after init)`);
    const out = new Float64Array(p.size);
    for (let i = 0; i < p.size; i++) {
      const g = p.offset + i;
      const sv = this.v[g] as number;
      const se = this.ie[g] as number;
      const si = this.ii[g] as number;
      const sl = this.last[g] as number;
      const su = this.stats.neuronUpdates;
      if (this.activeFlag[g] === 0) this.catchUp(g, this.k);
      out[i] = this.v[g] as number;
      this.v[g] = sv;
      this.ie[g] = se;
      this.ii[g] = si;
      this.last[g] = sl;
      this.stats.neuronUpdates = su;
    }
    return out;
  }

  /** Spike times (ms) → ticks, sources → schedule. */
  private build(L: LoweredNetwork): void {
    const N = L.nNeurons;
    this.N = N;
    this.fixed = L.profile.name === 'spinnaker';
    this.v = new Float64Array(N);
    this.ie = new Float64Array(N);
    this.ii = new Float64Array(N);
    this.refr = new Int32Array(N);
    this.last = new Int32Array(N);
    this.activeFlag = new Uint8Array(N);
    this.active = new Int32Array(N);
    this.procList = new Int32Array(N);
    this.popOf = new Int32Array(N);
    this.isNeuron = new Uint8Array(N);
    this.C = [];
    const sched: [number, number][] = [];
    this.srcRate = new Float64Array(N);
    this.srcStop = new Float64Array(N);
    this.regular = new Uint8Array(N);
    for (const [pi, p] of L.populations.entries()) {
      this.C.push(popConst(p.params, p.isSource, L.dtMs, this.fixed, p.initialV, p.cellType === 'IF_cond_exp'));
      for (let i = 0; i < p.size; i++) {
        const g = p.offset + i;
        this.popOf[g] = pi;
        this.isNeuron[g] = p.isSource ? 0 : 1;
        if (p.cellType === 'SpikeSourceArray') {
          for (const t of p.spikeTimes?.[i] ?? []) sched.push([Math.max(0, Math.round(t / L.dtMs)), g]);
        } else if (p.cellType === 'SpikeSourcePoisson' || p.cellType === 'SpikeSourceRegular') {
          this.srcRate[g] = p.params.rate as number;
          this.srcStop[g] = (p.params.start as number) + (p.params.duration as number);
          this.regular[g] = p.cellType === 'SpikeSourceRegular' ? 1 : 0;
        }
      }
    }
    sched.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.arrTick = Int32Array.from(sched, (x) => x[0]);
    this.arrG = Int32Array.from(sched, (x) => x[1]);
    // CSR by global source (static projections; plastic ones live in their PfPcRule)
    const statics = L.projections.filter((pr) => pr.plastic === undefined);
    let nc = 0;
    for (const pr of statics) nc += pr.weight.length;
    const pos = new Map(L.populations.map((p) => [p.label, p.offset]));
    const counts = new Int32Array(N + 1);
    for (const pr of statics) {
      const o = pos.get(pr.pre) as number;
      for (const i of pr.preIdx) counts[o + i + 1] = (counts[o + i + 1] as number) + 1;
    }
    for (let i = 0; i < N; i++) counts[i + 1] = (counts[i + 1] as number) + (counts[i] as number);
    this.rowPtr = counts;
    this.tgt = new Int32Array(nc);
    this.w = new Float64Array(nc);
    this.dl = new Int32Array(nc);
    this.rec = new Uint8Array(nc);
    const fill = counts.slice(0, N);
    for (const pr of statics) {
      const o = pos.get(pr.pre) as number;
      const po = pos.get(pr.post) as number;
      for (let c = 0; c < pr.weight.length; c++) {
        const s = o + (pr.preIdx[c] as number);
        const at = fill[s] as number;
        fill[s] = at + 1;
        this.tgt[at] = po + (pr.postIdx[c] as number);
        this.w[at] = pr.weight[c] as number;
        this.dl[at] = pr.delayTicks[c] as number;
        this.rec[at] = pr.receptor;
      }
    }
    // plastic rules, ring-buffer saturation levels
    const popIdx = new Map(L.populations.map((p, i) => [p.label, i]));
    this.rules = [];
    this.preRules = L.populations.map(() => undefined);
    this.teacherRules = L.populations.map(() => undefined);
    for (const pr of L.projections) {
      if (pr.plastic === undefined) continue;
      const pre = L.populations[popIdx.get(pr.pre) as number]!;
      const post = L.populations[popIdx.get(pr.post) as number]!;
      const rule = new PfPcRule(pr, pre.size, post.size, post.offset, L.dtMs, this.fixed);
      this.rules.push(rule);
      const pi = popIdx.get(pr.pre) as number;
      const ti = popIdx.get(pr.plastic.teacher) as number;
      (this.preRules[pi] ??= []).push(rule);
      (this.teacherRules[ti] ??= []).push(rule);
    }
    this.satE = new Float64Array(N).fill(Infinity);
    this.satI = new Float64Array(N).fill(Infinity);
    if (this.fixed) {
      for (const pr of L.projections) {
        const po = pos.get(pr.post) as number;
        const sat = 0xffff * (pr.weightStep as number);
        const arr = pr.receptor === 0 ? this.satE : this.satI;
        for (let c = 0; c < pr.postIdx.length; c++) arr[po + (pr.postIdx[c] as number)] = sat;
      }
    }
    this.L = L.maxDelayTicks + 2;
    this.ringE = new Float64Array(this.L * N);
    this.ringI = new Float64Array(this.L * N);
    this.touched = new Int32Array(this.L * N);
    this.nTouched = new Int32Array(this.L);
    this.stamp = new Int32Array(this.L * N);
    this.outIds = L.populations.map((p) => new Int32Array(Math.max(4, p.size)));
    this.outTimes = L.populations.map((p) => new Float64Array(Math.max(4, p.size)));
    this.outCount = new Int32Array(L.populations.length);
  }

  private resetState(seed: number, keepWeights = false): void {
    const L = this.lowered as LoweredNetwork;
    this.seed = seed;
    for (const r of this.rules) r.reset(keepWeights);
    this.k = 0;
    this.rng = new Rng(deriveSeed(seed, `${this.name}:sources`));
    this.ringE.fill(0);
    this.ringI.fill(0);
    this.nTouched.fill(0);
    this.stamp.fill(-1);
    this.arrPos = 0;
    this.refr.fill(0);
    this.last.fill(0);
    this.activeFlag.fill(0);
    this.nActive = 0;
    this.ie.fill(0);
    this.ii.fill(0);
    for (const p of L.populations) {
      const c = this.C[L.populations.indexOf(p)] as PopConst;
      // random initial v: the stream brains/spiking draws from (seed, 'initial:<label>')
      const rng = p.initialVDist !== undefined ? new Rng(deriveSeed(seed >>> 0, `initial:${p.label}`)) : undefined;
      for (let i = 0; i < p.size; i++) {
        const g = p.offset + i;
        this.v[g] = rng !== undefined && p.initialVDist !== undefined ? (this.fixed ? qf(sampleValue(p.initialVDist, rng)) : sampleValue(p.initialVDist, rng)) : c.v0;
        if (!p.isSource && (c.cond || c.ioff !== 0 || this.v[g] !== c.vrest)) this.activate(g);
      }
    }
    this.heap = new MinHeap();
    for (let g = 0; g < this.N; g++) if (this.srcRate[g]! > 0) this.scheduleNext(g, -1, true);
    for (const k of Object.keys(this.stats) as (keyof EmulatorStats)[]) this.stats[k] = 0;
  }

  private scheduleNext(g: number, afterTick: number, first = false): void {
    const L = this.lowered as LoweredNetwork;
    const p = L.populations[this.popOf[g] as number]!;
    const rate = this.srcRate[g] as number;
    const startMs = p.params.start as number;
    let tMs: number;
    if (this.regular[g] === 1) tMs = first ? startMs : (afterTick * L.dtMs) + 1000 / rate;
    else tMs = (first ? startMs : afterTick * L.dtMs) + this.rng.exponential(rate / 1000);
    if (tMs >= (this.srcStop[g] as number)) return;
    const tick = Math.max(afterTick + 1, Math.floor(tMs / L.dtMs + 1e-9));
    this.heap.push(tick, g);
  }

  private emit(g: number, tick: number, tNs: number): void {
    const pi = this.popOf[g] as number;
    const L = this.lowered as LoweredNetwork;
    let c = this.outCount[pi] as number;
    if (c === (this.outIds[pi] as Int32Array).length) {
      const ni = new Int32Array(c * 2);
      ni.set(this.outIds[pi] as Int32Array);
      this.outIds[pi] = ni;
      const nt = new Float64Array(c * 2);
      nt.set(this.outTimes[pi] as Float64Array);
      this.outTimes[pi] = nt;
    }
    (this.outIds[pi] as Int32Array)[c] = g - L.populations[pi]!.offset;
    (this.outTimes[pi] as Float64Array)[c] = tNs;
    this.outCount[pi] = ++c;
    this.stats.spikes++;
    const lp = g - L.populations[pi]!.offset;
    const pr = this.preRules[pi];
    if (pr !== undefined) for (let r = 0; r < pr.length; r++) (pr[r] as PfPcRule).queuePre(lp);
    const tr = this.teacherRules[pi];
    if (tr !== undefined) for (let r = 0; r < tr.length; r++) (tr[r] as PfPcRule).queueTeacher(lp);
    const end = this.rowPtr[g + 1] as number;
    for (let s = this.rowPtr[g] as number; s < end; s++) {
      const at = tick + (this.dl[s] as number);
      const slot = at % this.L;
      this.deliver(this.tgt[s] as number, at, this.rec[s] as number, this.w[s] as number);
    }
    this.stats.synapticEvents += end - (this.rowPtr[g] as number);
  }

  /** Adds a weight to the ring entry of `post` at tick `at` (16-bit saturation on SpiNNaker). */
  private deliver(post: number, at: number, rec: number, w: number): void {
    const slot = at % this.L;
    const idx = slot * this.N + post;
    if (rec === 0) {
      let x = (this.ringE[idx] as number) + w;
      const sat = this.satE[post] as number;
      if (x > sat || x < -sat) {
        x = x > 0 ? sat : -sat;
        this.stats.ringSaturations++;
      }
      this.ringE[idx] = x;
    } else {
      let x = (this.ringI[idx] as number) + w;
      const sat = this.satI[post] as number;
      if (x > sat || x < -sat) {
        x = x > 0 ? sat : -sat;
        this.stats.ringSaturations++;
      }
      this.ringI[idx] = x;
    }
    if (this.stamp[idx] !== at) {
      this.stamp[idx] = at;
      this.touched[slot * this.N + (this.nTouched[slot] as number)] = post;
      this.nTouched[slot] = (this.nTouched[slot] as number) + 1;
    }
  }

  /** End of tick k for a PF–PC projection: LTD at its teacher spikes, then LTP and delivery of its fibre spikes. */
  private plasticStep(r: PfPcRule, k: number): void {
    r.applyLtd(k);
    const n = r.nPendingPre;
    r.nPendingPre = 0;
    for (let m = 0; m < n; m++) {
      const i = r.pendingPre[m] as number;
      r.applyLtp(i, k);
      const end = r.rowPtr[i + 1] as number;
      for (let s = r.rowPtr[i] as number; s < end; s++) this.deliver(r.tgt[s] as number, k + 1 + (r.dl[s] as number), r.receptor, (r.w[s] as number) * r.unit);
      this.stats.synapticEvents += end - (r.rowPtr[i] as number);
    }
  }

  /** Brings a quiescent neuron from tick `last` to tick `k` (start of this step). */
  private catchUp(g: number, k: number): void {
    const delta = k - (this.last[g] as number);
    if (delta <= 0) return;
    const c = this.C[this.popOf[g] as number] as PopConst;
    if (c.cond) {
      // an inactive conductance neuron sits at its resting fixed point: nothing to replay
      this.last[g] = k;
      return;
    }
    if (!this.fixed) {
      const h = delta * c.dtMs;
      const pv = Math.exp(-h / c.tauM);
      const pe = Math.exp(-h / c.tauE);
      const pi = Math.exp(-h / c.tauI);
      this.v[g] = c.vrest + ((this.v[g] as number) - c.vrest) * pv + p21(c, c.tauE, h) * (this.ie[g] as number) + p21(c, c.tauI, h) * (this.ii[g] as number);
      this.ie[g] = (this.ie[g] as number) * pe;
      this.ii[g] = (this.ii[g] as number) * pi;
    } else {
      for (let s = 0; s < delta; s++) {
        const v0 = this.v[g] as number;
        const e0 = this.ie[g] as number;
        const i0 = this.ii[g] as number;
        this.fixedStep(g, c);
        this.stats.neuronUpdates++;
        if (this.v[g] === v0 && this.ie[g] === e0 && this.ii[g] === i0) break; // fixed point reached
      }
    }
    this.last[g] = k;
  }

  private fixedStep(g: number, c: PopConst): void {
    const v = this.v[g] as number;
    const e = this.ie[g] as number;
    const i = this.ii[g] as number;
    this.v[g] = qf(c.vrest + qf((v - c.vrest) * c.pv) + c.ioffTerm + qf(c.p21e * e) + qf(c.p21i * i));
    this.ie[g] = qf(e * c.pe);
    this.ii[g] = qf(i * c.pi);
  }

  private stepNeuron(g: number, slot: number, k: number, tEndMs: number): void {
    const c = this.C[this.popOf[g] as number] as PopConst;
    const idx = slot * this.N + g;
    this.stats.neuronUpdates++;
    if (c.cond) {
      this.stepCond(g, c, idx, k, tEndMs);
      return;
    }
    if ((this.refr[g] as number) > 0) {
      this.refr[g] = (this.refr[g] as number) - 1;
      this.v[g] = c.vreset;
      if (this.fixed) {
        this.ie[g] = qf((this.ie[g] as number) * c.pe);
        this.ii[g] = qf((this.ii[g] as number) * c.pi);
      } else {
        this.ie[g] = (this.ie[g] as number) * c.pe;
        this.ii[g] = (this.ii[g] as number) * c.pi;
      }
    } else if (this.fixed) {
      this.fixedStep(g, c);
    } else {
      const v = this.v[g] as number;
      this.v[g] = c.vrest + (v - c.vrest) * c.pv + c.ioffTerm + c.p21e * (this.ie[g] as number) + c.p21i * (this.ii[g] as number);
      this.ie[g] = (this.ie[g] as number) * c.pe;
      this.ii[g] = (this.ii[g] as number) * c.pi;
    }
    const ae = this.ringE[idx] as number;
    const ai = this.ringI[idx] as number;
    if (ae !== 0) {
      this.ie[g] = (this.ie[g] as number) + ae;
      this.ringE[idx] = 0;
    }
    if (ai !== 0) {
      this.ii[g] = (this.ii[g] as number) + ai;
      this.ringI[idx] = 0;
    }
    const v = this.v[g] as number;
    if (v !== v || v === Infinity || v === -Infinity || (this.fixed && (v < -65536 || v > 65535.99997))) {
      throw new SimulationError(this.name, tEndMs * 1e6, this.fixed ? 'v (s16.15 range)' : 'v', g, `= ${v}`);
    }
    if ((this.refr[g] as number) === 0 && v >= c.vth) {
      this.v[g] = c.vreset;
      this.refr[g] = c.refTicks;
      this.emit(g, k + 1, k * this.tickNs);
    }
    this.last[g] = k + 1;
    // stay active while a spike is still possible without new input
    const bound = Math.max(this.v[g] as number, c.vrest) + (Math.max(0, this.ie[g] as number) * c.tauE + Math.max(0, this.ii[g] as number) * c.tauI) / c.cm;
    if ((this.refr[g] as number) > 0 || c.ioff !== 0 || bound >= c.vth) {
      this.active[this.nActive++] = g;
    } else {
      this.activeFlag[g] = 0;
    }
  }

  /**
   * IF_cond_exp over tick k, brains/spiking's exponential-Euler scheme (conductances held at their
   * start-of-tick values, V relaxes exactly towards V∞ with time constant C/g_tot, conductances decay
   * exactly), then this tick's ring inputs are added (they act from the next tick), then the
   * threshold (V > V_th). SpiNNaker: v rounded to s16.15 after every operation that produces it,
   * conductances kept as g·1024 in s16.15 (2^−25 µS) and decayed by a u0.32 factor with truncation
   * (decay_s1615), propagators e^(−h·g_tot/C) rounded to u0.32. Float: brains/spiking's arithmetic
   * (flush below 10⁻¹² g_L, snap to rest within 10⁻⁹ mV). A neuron leaves the active set once it
   * sits at its resting fixed point with no conductance and cannot fire from there.
   */
  private stepCond(g: number, c: PopConst, idx: number, k: number, tEndMs: number): void {
    let v = this.v[g] as number;
    const v0 = v;
    let e = this.ie[g] as number;
    let i = this.ii[g] as number;
    const r = this.refr[g] as number;
    if (this.fixed) {
      if (r > 0) this.refr[g] = r - 1;
      else if (e === 0 && i === 0) v = qf(c.vinf0 + qf((v - c.vinf0) * c.pv));
      else {
        const gt = c.gL + e + i;
        const vinf = qf((c.gLvr + e * c.eE + i * c.eI + c.ioff) / gt);
        const P = Math.round(Math.exp(c.mh * gt) * U032) / U032;
        v = qf(vinf + qf((v - vinf) * P));
      }
      e = Math.floor(e * c.pe * GFIX) / GFIX;
      i = Math.floor(i * c.pi * GFIX) / GFIX;
    } else {
      if (r > 0) this.refr[g] = r - 1;
      else if (e === 0 && i === 0) v = c.vinf0 + (v - c.vinf0) * c.pv;
      else {
        const gt = c.gL + e + i;
        const vinf = (c.gLvr + e * c.eE + i * c.eI + c.ioff) / gt;
        v = vinf + (v - vinf) * fastExp(c.mh * gt);
      }
      e *= c.pe;
      i *= c.pi;
      if (Math.abs(e) < c.gFlush) e = 0;
      if (Math.abs(i) < c.gFlush) i = 0;
    }
    let spiked = false;
    let atRest = false;
    if (v > c.vth) {
      spiked = true;
      v = c.vreset;
      this.refr[g] = c.refTicks;
    } else if (!(v > -1e4 && v < 1e4)) {
      throw new SimulationError(this.name, tEndMs * 1e6, this.fixed ? 'v (s16.15 range)' : 'v', g, `= ${v}`);
    } else if (c.canRest && e === 0 && i === 0 && this.refr[g] === 0) {
      if (this.fixed) atRest = v === v0;
      else if (Math.abs(v - c.vinf0) < V_SNAP) {
        v = c.vinf0;
        atRest = true;
      }
    }
    // inputs arriving at the end of the tick
    const ae = this.ringE[idx] as number;
    const ai = this.ringI[idx] as number;
    if (ae !== 0) {
      e += ae;
      this.ringE[idx] = 0;
    }
    if (ai !== 0) {
      i += ai;
      this.ringI[idx] = 0;
    }
    this.v[g] = v;
    this.ie[g] = e;
    this.ii[g] = i;
    this.last[g] = k + 1;
    if (spiked) this.emit(g, k + 1, k * this.tickNs);
    if (atRest && e === 0 && i === 0) this.activeFlag[g] = 0;
    else this.active[this.nActive++] = g;
  }

  private activate(g: number): void {
    if (this.activeFlag[g] === 1) return;
    this.activeFlag[g] = 1;
    this.active[this.nActive++] = g;
  }

  private collectOutputs(): Outputs {
    const L = this.lowered as LoweredNetwork;
    const out: Record<string, SpikeBatch | EventRecord[]> = {};
    for (const [pi, p] of L.populations.entries()) {
      if (!this.outLabels.has(p.label)) continue;
      const c = this.outCount[pi] as number;
      out[`${p.label}.spikes`] = c === 0 ? NO_SPIKES : { ids: this.outIds[pi] as Int32Array, timesNs: this.outTimes[pi] as Float64Array, count: c };
    }
    out.deviations = [];
    return out;
  }

  private initialOutputs(): Outputs {
    const L = this.lowered as LoweredNetwork;
    const out: Record<string, SpikeBatch | EventRecord[]> = {};
    for (const p of L.populations) if (this.outLabels.has(p.label)) out[`${p.label}.spikes`] = NO_SPIKES;
    out.deviations = L.deviations.map((d) => ({ type: 'deviation', ...d }));
    return out;
  }
}

interface PopConst {
  dtMs: number; tauM: number; tauE: number; tauI: number; cm: number;
  vrest: number; vreset: number; vth: number; v0: number; ioff: number; ioffTerm: number;
  pv: number; pe: number; pi: number; p21e: number; p21i: number; refTicks: number;
  /** IF_cond_exp: leak conductance (µS), g_L·v_rest, reversal potentials, −h/C, resting potential V∞ without synaptic input, flush level, whether rest is below threshold. */
  cond: boolean; gL: number; gLvr: number; eE: number; eI: number; mh: number; vinf0: number; gFlush: number; canRest: boolean;
}

function p21(c: { tauM: number; cm: number }, tauS: number, h: number): number {
  if (Math.abs(tauS - c.tauM) < 1e-12) return (h / c.cm) * Math.exp(-h / c.tauM);
  return ((c.tauM * tauS) / (c.cm * (tauS - c.tauM))) * (Math.exp(-h / tauS) - Math.exp(-h / c.tauM));
}

function popConst(P: Readonly<Record<string, number>>, isSource: boolean, dtMs: number, fixed: boolean, initialV: number | undefined, cond: boolean): PopConst {
  const noCond = { cond: false, gL: 0, gLvr: 0, eE: 0, eI: 0, mh: 0, vinf0: 0, gFlush: 0, canRest: false };
  if (isSource) return { dtMs, tauM: 1, tauE: 1, tauI: 1, cm: 1, vrest: 0, vreset: 0, vth: 0, v0: 0, ioff: 0, ioffTerm: 0, pv: 0, pe: 0, pi: 0, p21e: 0, p21i: 0, refTicks: 0, ...noCond };
  if (cond) {
    // brains/spiking/neurons/lif-cond.ts constants, computed with the same expressions
    const cm = P.cm as number;
    const gL = cm / (P.tau_m as number);
    const vr = P.v_rest as number;
    const ioff = P.i_offset as number;
    const mh = -dtMs / cm;
    const vinf0 = (gL * vr + ioff) / gL;
    const u = fixed ? (x: number) => Math.round(x * U032) / U032 : (x: number) => x;
    const q = fixed ? qf : (x: number) => x;
    return {
      dtMs, tauM: P.tau_m as number, tauE: P.tau_syn_E as number, tauI: P.tau_syn_I as number, cm,
      vrest: q(vr), vreset: q(P.v_reset as number), vth: q(P.v_thresh as number), v0: q(initialV ?? vr), ioff, ioffTerm: 0,
      pv: u(Math.exp(mh * gL)), pe: u(Math.exp(-dtMs / (P.tau_syn_E as number))), pi: u(Math.exp(-dtMs / (P.tau_syn_I as number))), p21e: 0, p21i: 0,
      // held for stepsOf(tau_refrac) − 1 ticks after the spike tick (brains/spiking IF_cond)
      refTicks: Math.max(0, stepsOf(P.tau_refrac as number, dtMs) - 1),
      cond: true, gL, gLvr: gL * q(vr), eE: P.e_rev_E as number, eI: P.e_rev_I as number, mh, vinf0: q(vinf0), gFlush: G_FLUSH * gL, canRest: !(vinf0 > (P.v_thresh as number)),
    };
  }
  const tauM = P.tau_m as number;
  const cm = P.cm as number;
  const c = { tauM, cm };
  const q = fixed ? qf : (x: number) => x;
  const u = fixed ? (x: number) => Math.round(x * U032) / U032 : (x: number) => x;
  const pv = Math.exp(-dtMs / tauM);
  const ioff = P.i_offset as number;
  return {
    dtMs, tauM, tauE: P.tau_syn_E as number, tauI: P.tau_syn_I as number, cm,
    vrest: q(P.v_rest as number), vreset: q(P.v_reset as number), vth: q(P.v_thresh as number), v0: q(initialV ?? (P.v_rest as number)),
    ioff, ioffTerm: q(((ioff * tauM) / cm) * (1 - pv)),
    pv: u(pv), pe: u(Math.exp(-dtMs / (P.tau_syn_E as number))), pi: u(Math.exp(-dtMs / (P.tau_syn_I as number))),
    p21e: q(p21(c, P.tau_syn_E as number, dtMs)), p21i: q(p21(c, P.tau_syn_I as number, dtMs)), ...noCond,
    // held at v_reset for round(tau_refrac/dt) − 1 further updates after the spike step, so the next
    // spike is stamped ≥ spike + tau_refrac (as brains/spiking and pyNN.brian2)
    refTicks: Math.max(0, Math.round((P.tau_refrac as number) / dtMs) - 1),
  };
}

/** Rounds to the nearest s16.15 value. */
function qf(x: number): number {
  return Math.round(x * FIX) / FIX;
}

/** Binary min-heap of (tick, neuron) with neuron as tie-break (determinism). */
class MinHeap {
  private t: number[] = [];
  private g: number[] = [];
  get size(): number {
    return this.t.length;
  }
  topTick(): number {
    return this.t[0] as number;
  }
  push(tick: number, g: number): void {
    const t = this.t;
    const gg = this.g;
    t.push(tick);
    gg.push(g);
    let i = t.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((t[p] as number) < tick || ((t[p] as number) === tick && (gg[p] as number) <= g)) break;
      t[i] = t[p] as number;
      gg[i] = gg[p] as number;
      i = p;
    }
    t[i] = tick;
    gg[i] = g;
  }
  pop(): number {
    const t = this.t;
    const gg = this.g;
    const top = gg[0] as number;
    const lt = t.pop() as number;
    const lg = gg.pop() as number;
    if (t.length > 0) {
      let i = 0;
      const n = t.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && ((t[r] as number) < (t[l] as number) || ((t[r] as number) === (t[l] as number) && (gg[r] as number) < (gg[l] as number))) ? r : l;
        if ((t[m] as number) > lt || ((t[m] as number) === lt && (gg[m] as number) >= lg)) break;
        t[i] = t[m] as number;
        gg[i] = gg[m] as number;
        i = m;
      }
      t[i] = lt;
      gg[i] = lg;
    }
    return top;
  }
}
