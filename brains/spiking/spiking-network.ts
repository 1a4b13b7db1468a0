/**
 * The plain (bus-free) spiking simulator: builds a validated NetworkDesc into struct-of-arrays
 * populations and CSR projections, and runs it step by step. Schedule of step k (time k·dt):
 *   1. current sources and current inputs fill each population's injected current;
 *   2. every population advances [k·dt, (k+1)·dt) and records its spikes of step k;
 *   3. every projection applies plasticity for the spikes of step k, then delivers them into the
 *      target rings (effect from step k + delay + 1, see neurons/population.ts);
 *   4. recorders sample.
 * Deterministic: every random stream derives from (seed, name).
 */
import { UnsupportedFeatureError, ValidationError } from '../../core/errors.js';
import { deriveSeed, Rng } from '../../core/random.js';
import { CELL_TYPES, type CellTypeName, resolveParams } from '../models/cell-types.js';
import { connectPairs, drawSynapseValues, populationPositions } from '../network/expand-connectivity.js';
import type { CurrentSourceDesc, NetworkDesc, NetworkDescInput, PopulationDesc, ProjectionDesc } from '../network/network-desc.js';
import { sampleValue } from '../network/sample-value.js';
import { validateNetwork } from '../network/validate-network.js';
import { AdexPopulation } from './neurons/adex.js';
import { IzhikevichPopulation } from './neurons/izhikevich.js';
import { LifCondPopulation } from './neurons/lif-cond.js';
import { LifCurrPopulation } from './neurons/lif-curr.js';
import { ParrotPopulation } from './neurons/parrot.js';
import type { KernelChoice, PopulationState } from './neurons/population.js';
import { ExternalSourcePopulation, PoissonSourcePopulation, RegularSourcePopulation, ScheduledSourcePopulation } from './neurons/sources.js';
import { MfDcnProjection } from './plasticity/mf-dcn.js';
import { PfPcProjection } from './plasticity/pf-pc.js';
import { StdpProjection } from './plasticity/stdp.js';
import { PlasticProjection, type ProjectionState, StaticProjection } from './projection.js';
import { SpikeRecorder, TraceRecorder } from './recording.js';

/** Options of buildNetwork. */
export interface BuildOptions {
  /** Seed of every random stream (connectivity, initial values, sources). */
  readonly seed: number;
  /** Name used in errors (the engine name). */
  readonly name?: string;
  /**
   * 'wasm' (default): IF_curr_exp, IF_curr_alpha, IF_cond_exp and IF_cond_alpha populations step on
   * WebAssembly kernels where the runtime has WebAssembly SIMD; 'js': every population steps on its
   * JavaScript kernel. Results are bit-identical either way.
   */
  readonly kernel?: KernelChoice;
}

/** Explicit connections of a projection in CSR (by source) order, with current weights. */
export interface ConnectionsView {
  readonly pre: Int32Array;
  readonly post: Int32Array;
  readonly weight: Float64Array;
  readonly delayMs: Float64Array;
}

/** A built, runnable network. */
export class SpikingNetwork {
  readonly desc: NetworkDesc;
  readonly dtMs: number;
  readonly name: string;
  /** Steps taken since build/reset. */
  k = 0;
  /** Synaptic events delivered since build/reset (for benchmarks). */
  events = 0;
  readonly populations = new Map<string, PopulationState>();
  readonly projections = new Map<string, ProjectionState>();
  private readonly popList: PopulationState[] = [];
  private readonly projList: ProjectionState[] = [];
  private readonly directList: StaticProjection[] = [];
  private readonly currentSources: { desc: CurrentSourceDesc; pop: PopulationState; idx: Int32Array | null; rng: Rng; held: Float64Array }[] = [];
  private readonly currentInputs = new Map<string, Float64Array>();
  private readonly injPops: PopulationState[] = [];
  private readonly spikeRecs: SpikeRecorder[] = [];
  private readonly traceRecs: TraceRecorder[] = [];
  private seed: number;
  private readonly kernel: KernelChoice;

  constructor(input: NetworkDesc | NetworkDescInput, opts: BuildOptions) {
    const net = validateNetwork(input);
    this.desc = net;
    this.dtMs = net.timestepMs;
    this.name = opts.name ?? 'spiking';
    this.seed = opts.seed >>> 0;
    this.kernel = opts.kernel ?? 'wasm';
    for (const pop of net.populations) {
      const ps = this.makePopulation(pop);
      this.populations.set(pop.label, ps);
      this.popList.push(ps);
    }
    const positions = net.projections.some((p) => p.connector.type === 'DistanceDependentProbability') ? populationPositions(net, this.seed) : undefined;
    for (const pr of net.projections) {
      const ps = this.makeProjection(net, pr, positions);
      this.projections.set(pr.label, ps);
      this.projList.push(ps);
    }
    // Rings first: a kernel may move its state arrays when they are allocated (WebAssembly memory),
    // so nothing may hold a state array before this.
    const maxDelay = new Map<PopulationState, number>();
    for (const pr of this.projList) maxDelay.set(pr.post, Math.max(maxDelay.get(pr.post) ?? 0, pr.maxDelay()));
    for (const p of this.popList) p.allocateRings((maxDelay.get(p) ?? 0) + 2);
    // Direct delivery for static constant-delay projections into models that accept it.
    for (const p of this.popList) p.ringUsed = false;
    for (const pr of this.projList) {
      const tgt = pr instanceof StaticProjection && pr.delaySteps === null ? pr.post.directTarget(pr.receptor) : null;
      if (tgt !== null && pr instanceof StaticProjection && !(pr.post instanceof ParrotPopulation)) {
        pr.useDirect(tgt, pr.post.directGate());
        this.directList.push(pr);
      } else pr.post.ringUsed = true;
    }
    net.currentSources.forEach((cs, i) => {
      const pop = this.populations.get(cs.target) as PopulationState;
      this.currentSources.push({ desc: cs, pop, idx: cs.indices ? Int32Array.from(cs.indices) : null, rng: new Rng(deriveSeed(this.seed, `current:${i}`)), held: new Float64Array(cs.indices ? cs.indices.length : pop.n) });
      this.ensureInj(pop);
    });
    for (const rec of net.recorders) {
      if (rec.kind === 'weights') {
        const pr = this.projections.get(rec.projection) as ProjectionState;
        this.traceRecs.push(new TraceRecorder(`weights:${rec.projection}`, rec.indices ? Int32Array.from(rec.indices) : null, Math.max(1, Math.round(rec.samplingIntervalMs / this.dtMs)), () => null, pr));
        continue;
      }
      const pop = this.populations.get(rec.population) as PopulationState;
      for (const v of rec.variables) {
        if (v === 'spikes') this.spikeRecs.push(new SpikeRecorder(pop, rec.indices ?? null));
        else {
          const arr = pop.variable(v);
          if (!arr) throw new UnsupportedFeatureError(`recording ${rec.population}.${v}`, `the ${pop.constructor.name} kernel does not expose ${v}`);
          this.traceRecs.push(new TraceRecorder(`${rec.population}.${v}`, rec.indices ? Int32Array.from(rec.indices) : null, Math.max(1, Math.round((rec.samplingIntervalMs ?? this.dtMs) / this.dtMs)), () => arr, null));
        }
      }
    }
    for (const p of this.popList) p.prime();
    this.resetState(true);
  }

  /** Runs `durationMs` of biological time (rounded to whole steps). */
  run(durationMs: number): void {
    const n = Math.round(durationMs / this.dtMs);
    for (let s = 0; s < n; s++) this.step();
  }

  /** Advances one step. */
  step(): void {
    const k = this.k;
    if (this.injPops.length > 0) this.applyCurrents(k);
    const direct = this.directList;
    for (let i = 0; i < direct.length; i++) (direct[i] as StaticProjection).applyQueued(k);
    const pops = this.popList;
    for (let i = 0; i < pops.length; i++) (pops[i] as PopulationState).step(k);
    const projs = this.projList;
    for (let i = 0; i < projs.length; i++) {
      const pr = projs[i] as ProjectionState;
      pr.learn(k);
      const nSp = pr.pre.nSpikes;
      if (nSp > 0) {
        pr.deliver(k);
        this.events += countEvents(pr, nSp);
      }
    }
    for (const r of this.spikeRecs) r.sample(k, this.dtMs);
    for (const r of this.traceRecs) r.sample(k, this.dtMs);
    this.k = k + 1;
  }

  /** Time (ms) of the next step's start. */
  get tMs(): number {
    return this.k * this.dtMs;
  }

  /** The population named `label` (throws a ValidationError naming the known ones). */
  population(label: string): PopulationState {
    const p = this.populations.get(label);
    if (!p) throw new ValidationError('population', label, `one of ${[...this.populations.keys()].join(', ')}`, 'use a population label of the network');
    return p;
  }

  /** Sets per-neuron (or uniform) rates (Hz) of a SpikeSourcePoisson population from now on. */
  setRates(label: string, rates: Float64Array | number): void {
    const p = this.population(label);
    if (!(p instanceof PoissonSourcePopulation)) throw new ValidationError('population', label, 'a SpikeSourcePoisson population', 'set rates only on Poisson sources');
    if (typeof rates !== 'number' && rates.length !== p.n) throw new ValidationError(`${label}.rates`, `length ${rates.length}`, `length ${p.n}`, 'give one rate per neuron');
    const check = (r: number, i: number): void => {
      if (!(r >= 0 && Number.isFinite(r))) throw new ValidationError(`${label}.rates[${i}]`, r, 'a finite rate ≥ 0 Hz', 'clip or fix the rate upstream');
    };
    if (typeof rates === 'number') check(rates, 0);
    else rates.forEach(check);
    p.setRates(rates);
  }

  /** Makes neurons of an external source population spike in step `k` (default: the next step). */
  injectSpikes(label: string, ids: ArrayLike<number>, count = ids.length, k = this.k): void {
    const p = this.population(label);
    if (!(p instanceof ExternalSourcePopulation)) throw new ValidationError('population', label, 'a SpikeSourceExternal population', 'inject spikes only into external sources');
    for (let m = 0; m < count; m++) {
      const id = ids[m] as number;
      if (!(Number.isInteger(id) && id >= 0 && id < p.n)) throw new ValidationError(`${label}.ids[${m}]`, id, `an index in [0, ${p.n})`, 'index neurons from 0');
      p.inject(k, id);
    }
  }

  /** Sets an extra injected current (nA per neuron) held until changed; `null` removes it. */
  setCurrents(label: string, currents: Float64Array | null): void {
    const p = this.population(label);
    if (CELL_TYPES[this.cellType(label)].isSource || p instanceof ParrotPopulation) throw new ValidationError('population', label, 'a population with a membrane', 'inject current only into neuron models');
    if (currents === null) {
      this.currentInputs.delete(label);
      return;
    }
    if (currents.length !== p.n) throw new ValidationError(`${label}.currents`, `length ${currents.length}`, `length ${p.n}`, 'give one current per neuron');
    this.currentInputs.set(label, currents);
    this.ensureInj(p);
  }

  /** Current weights of a projection (CSR order, a copy). */
  getWeights(label: string): Float64Array {
    const pr = this.projection(label);
    const w = new Float64Array(pr.count);
    for (let s = 0; s < pr.count; s++) w[s] = pr.weightAt(s);
    return w;
  }

  /** Mean incoming weight per target neuron of a plastic projection (live view, do not modify). */
  meanWeightPerTarget(label: string, out: Float64Array): Float64Array {
    const pr = this.projection(label);
    if (!(pr instanceof PlasticProjection)) {
      const sums = new Float64Array(pr.post.n);
      const cnt = new Float64Array(pr.post.n);
      for (let s = 0; s < pr.count; s++) {
        const p = pr.target[s] as number;
        sums[p] = (sums[p] as number) + pr.weightAt(s);
        cnt[p] = (cnt[p] as number) + 1;
      }
      for (let p = 0; p < out.length; p++) out[p] = (cnt[p] as number) > 0 ? (sums[p] as number) / (cnt[p] as number) : 0;
      return out;
    }
    for (let p = 0; p < out.length; p++) {
      const c = (pr.colPtr[p + 1] as number) - (pr.colPtr[p] as number);
      out[p] = c > 0 ? (pr.sumPost[p] as number) / c : 0;
    }
    return out;
  }

  /** The explicit connections of a projection (CSR order) with current weights. */
  getConnections(label: string): ConnectionsView {
    const pr = this.projection(label);
    const pre = new Int32Array(pr.count);
    for (let i = 0; i < pr.pre.n; i++) pre.fill(i, pr.rowPtr[i] as number, pr.rowPtr[i + 1] as number);
    const delayMs = new Float64Array(pr.count);
    for (let s = 0; s < pr.count; s++) delayMs[s] = pr.delayAt(s) * this.dtMs;
    return { pre, post: Int32Array.from(pr.target), weight: this.getWeights(label), delayMs };
  }

  /** Overwrites the weights of a plastic projection (CSR order), e.g. to restore learnt weights. */
  setWeights(label: string, w: Float64Array): void {
    const pr = this.projection(label);
    if (!(pr instanceof PlasticProjection)) throw new ValidationError('projection', label, 'a plastic projection', 'static weights are fixed at build');
    if (w.length !== pr.count) throw new ValidationError(`${label}.weights`, `length ${w.length}`, `length ${pr.count}`, 'pass getWeights() output');
    pr.loadWeights(w);
  }

  /** Recorded spikes of a population (ids and times in ms). */
  getSpikes(label: string): { ids: Int32Array; timesMs: Float64Array } {
    const r = this.spikeRecs.find((x) => x.pop.label === label);
    if (!r) throw new ValidationError('recorder', label, 'a population with a spikes recorder', `add {kind: 'population', population: '${label}', variables: ['spikes']}`);
    return r.result();
  }

  /** Recorded trace `pop.var` or `weights:proj` as {timesMs, data (row per sample)}. */
  getTrace(key: string): { timesMs: Float64Array; data: Float64Array; width: number } {
    const r = this.traceRecs.find((x) => x.key === key);
    if (!r) throw new ValidationError('recorder', key, `one of ${this.traceRecs.map((x) => x.key).join(', ') || '(none)'}`, 'add a recorder for it');
    return r.result();
  }

  /** Bytes held by all projections (connectivity + weights + delays). */
  synapseBytes(): number {
    let b = 0;
    for (const p of this.projList) b += p.bytes();
    return b;
  }

  /** Number of synapses. */
  synapseCount(): number {
    let n = 0;
    for (const p of this.projList) n += p.count;
    return n;
  }

  /**
   * Back to t = 0: state, sources, recorders and (unless keepWeights) plastic weights return to
   * their initial values. `seed` reseeds the dynamic streams (initial values, sources); the
   * connectivity is fixed at build.
   */
  reset(opts: { keepWeights?: boolean; seed?: number } = {}): void {
    if (opts.seed !== undefined) this.seed = opts.seed >>> 0;
    if (!opts.keepWeights) for (const p of this.projList) if (p instanceof PlasticProjection) p.restoreWeights();
    this.resetState(false);
  }

  private resetState(first: boolean): void {
    this.k = 0;
    this.events = 0;
    for (const pop of this.desc.populations) {
      const ps = this.populations.get(pop.label) as PopulationState;
      const rng = new Rng(deriveSeed(this.seed, `initial:${pop.label}`));
      const defaults = CELL_TYPES[pop.cellType as CellTypeName].initialValues;
      const given = pop.initial;
      const params = resolveParams(pop.cellType as CellTypeName, pop.params);
      ps.resetState((variable, _i) => {
        const g = given[variable];
        if (g !== undefined) return sampleValue(g, rng);
        // PyNN: v starts at v_rest unless given.
        if (variable === 'v' && params.v_rest !== undefined) return params.v_rest;
        return defaults[variable] ?? 0;
      });
      if (ps instanceof PoissonSourcePopulation) ps.reseed(deriveSeed(this.seed, `source:${pop.label}`));
    }
    for (const p of this.projList) if (p instanceof PlasticProjection) p.resetPlasticity();
    for (const p of this.directList) p.clearQueue();
    for (const r of this.spikeRecs) r.clear();
    for (const r of this.traceRecs) r.clear();
    for (const cs of this.currentSources) cs.rng = new Rng(deriveSeed(this.seed, `current:${this.currentSources.indexOf(cs)}`));
    if (!first) this.currentInputs.clear();
  }

  private projection(label: string): ProjectionState {
    const p = this.projections.get(label);
    if (!p) throw new ValidationError('projection', label, `one of ${[...this.projections.keys()].join(', ')}`, 'use a projection label of the network');
    return p;
  }

  private cellType(label: string): CellTypeName {
    return (this.desc.populations.find((p) => p.label === label) as PopulationDesc).cellType as CellTypeName;
  }

  private ensureInj(p: PopulationState): void {
    if (p.iInj === null) {
      p.iInj = p.allocateInjection();
      this.injPops.push(p);
    }
  }

  private applyCurrents(k: number): void {
    const t = k * this.dtMs;
    for (const p of this.injPops) {
      const ext = this.currentInputs.get(p.label);
      if (ext) (p.iInj as Float64Array).set(ext);
      else (p.iInj as Float64Array).fill(0);
    }
    for (const cs of this.currentSources) {
      const inj = cs.pop.iInj as Float64Array;
      const d = cs.desc;
      let amp = 0;
      let noisy = false;
      if (d.type === 'DCSource') amp = t >= d.start - 1e-9 && t < d.stop - 1e-9 ? d.amplitude : 0;
      else if (d.type === 'StepCurrentSource') {
        for (let m = 0; m < d.times.length; m++) if ((d.times[m] as number) <= t + 1e-9) amp = d.amplitudes[m] as number;
      } else if (t >= d.start - 1e-9 && t < d.stop - 1e-9) noisy = true;
      if (!noisy && amp === 0) continue;
      const idx = cs.idx;
      const count = idx === null ? cs.pop.n : idx.length;
      // NoisyCurrentSource: a new N(mean, stdev) value every d.dt ms, held in between (PyNN).
      const redraw = noisy && d.type === 'NoisyCurrentSource' && (k - Math.round(d.start / this.dtMs)) % Math.max(1, Math.round(d.dt / this.dtMs)) === 0;
      for (let m = 0; m < count; m++) {
        const i = idx === null ? m : (idx[m] as number);
        if (noisy && d.type === 'NoisyCurrentSource') {
          if (redraw) cs.held[m] = d.mean + d.stdev * cs.rng.normal();
          amp = cs.held[m] as number;
        }
        inj[i] = (inj[i] as number) + amp;
      }
    }
  }

  private makePopulation(pop: PopulationDesc): PopulationState {
    const type = pop.cellType as CellTypeName;
    const p = resolveParams(type, pop.params);
    const dt = this.dtMs;
    const nm = this.name;
    switch (type) {
      case 'IF_curr_exp':
        return new LifCurrPopulation(pop.label, pop.size, nm, dt, 'exp', p, this.kernel);
      case 'IF_curr_alpha':
        return new LifCurrPopulation(pop.label, pop.size, nm, dt, 'alpha', p, this.kernel);
      case 'IF_curr_delta':
        return new LifCurrPopulation(pop.label, pop.size, nm, dt, 'delta', p, this.kernel);
      case 'IF_cond_exp':
        return new LifCondPopulation(pop.label, pop.size, nm, dt, 'exp', p, this.kernel);
      case 'IF_cond_alpha':
        return new LifCondPopulation(pop.label, pop.size, nm, dt, 'alpha', p, this.kernel);
      case 'EIF_cond_exp_isfa_ista':
        return new AdexPopulation(pop.label, pop.size, nm, dt, p);
      case 'Izhikevich':
        return new IzhikevichPopulation(pop.label, pop.size, nm, dt, p);
      case 'Parrot':
        return new ParrotPopulation(pop.label, pop.size, nm, dt);
      case 'SpikeSourcePoisson':
        return new PoissonSourcePopulation(pop.label, pop.size, nm, dt, p, deriveSeed(this.seed, `source:${pop.label}`));
      case 'SpikeSourceArray': {
        const st = pop.spikeTimes ?? [];
        const perNeuron = Array.isArray(st[0]) ? (st as number[][]) : Array.from({ length: pop.size }, () => st as number[]);
        return new ScheduledSourcePopulation(pop.label, pop.size, nm, dt, perNeuron);
      }
      case 'SpikeSourceRegular':
        return new RegularSourcePopulation(pop.label, pop.size, nm, dt, p);
      case 'SpikeSourceExternal':
        return new ExternalSourcePopulation(pop.label, pop.size, nm, dt);
    }
  }

  private makeProjection(net: NetworkDesc, pr: ProjectionDesc, positions: Map<string, Float64Array> | undefined): ProjectionState {
    const pre = this.populations.get(pr.pre) as PopulationState;
    const post = this.populations.get(pr.post) as PopulationState;
    const pairs = connectPairs(net, pr, this.seed, positions);
    const n = pairs.count;
    const syn = pr.synapse;
    const constW = typeof syn.weight === 'number' && pr.connector.type !== 'FromList';
    const constD = typeof syn.delay === 'number' && pr.connector.type !== 'FromList';
    const vals = constW && constD ? null : drawSynapseValues(pr, this.seed, n);
    // CSR by source (stable counting sort); the permutation maps CSR slots to connection order.
    const rowPtr = new Int32Array(pre.n + 1);
    for (let m = 0; m < n; m++) {
      const r = (pairs.pre[m] as number) + 1;
      rowPtr[r] = (rowPtr[r] as number) + 1;
    }
    for (let i = 0; i < pre.n; i++) rowPtr[i + 1] = (rowPtr[i + 1] as number) + (rowPtr[i] as number);
    const fill = rowPtr.slice(0, pre.n);
    const target = new Int32Array(n);
    const perm = vals ? new Int32Array(n) : null;
    for (let m = 0; m < n; m++) {
      const i = pairs.pre[m] as number;
      const at = fill[i] as number;
      fill[i] = at + 1;
      target[at] = pairs.post[m] as number;
      if (perm) perm[at] = m;
    }
    const dt = this.dtMs;
    const toSteps = (d: number, m: number): number => {
      const s = Math.round(d / dt);
      if (s < 1) throw new ValidationError(`projections.${pr.label}.delay[${m}]`, d, `≥ timestep ${dt} ms`, 'use delays of at least one step');
      return s;
    };
    let delaySteps: Uint8Array | Uint16Array | null = null;
    let delayConst = 0;
    if (constD) delayConst = toSteps(syn.delay as number, 0);
    else {
      const v = vals as { delayMs: Float64Array };
      let mx = 0;
      const tmp = new Int32Array(n);
      for (let s = 0; s < n; s++) {
        const d = toSteps(v.delayMs[(perm as Int32Array)[s] as number] as number, s);
        tmp[s] = d;
        if (d > mx) mx = d;
      }
      if (mx > 65535) throw new UnsupportedFeatureError(`delay of ${mx} steps in ${pr.label}`, 'delays are stored in 16 bits of steps (6.5 s at 0.1 ms)');
      delaySteps = mx < 256 ? Uint8Array.from(tmp) : Uint16Array.from(tmp);
    }
    const receptor = pr.receptor as 'excitatory' | 'inhibitory';
    const isParrot = post instanceof ParrotPopulation;
    const weightOf = (s: number): number => (isParrot && syn.type === 'StaticSynapse' ? 1 : constW ? (syn.weight as number) : ((vals as { weight: Float64Array }).weight[(perm as Int32Array)[s] as number] as number));
    const postType = CELL_TYPES[this.cellType(pr.post)];
    if (postType.synapseKind === 'conductance' && syn.type !== 'PcDcnPlasticity') {
      for (let s = 0; s < Math.min(n, constW ? 1 : n); s++) {
        if (weightOf(s) < 0) throw new ValidationError(`projections.${pr.label}.synapse.weight`, weightOf(s), 'a conductance ≥ 0 µS (the receptor sets the sign)', 'use positive weights with receptor "inhibitory"');
      }
    }
    if (syn.type === 'StaticSynapse') {
      let weights: Float32Array | null = null;
      if (!constW && !isParrot) {
        weights = new Float32Array(n);
        for (let s = 0; s < n; s++) weights[s] = weightOf(s);
      }
      return new StaticProjection(pr.label, pre, post, receptor, rowPtr, target, delaySteps, delayConst, weights, isParrot ? 1 : constW ? (syn.weight as number) : 0);
    }
    const w = new Float64Array(n);
    for (let s = 0; s < n; s++) w[s] = weightOf(s);
    switch (syn.type) {
      case 'STDPMechanism':
        return new StdpProjection(pr.label, pre, post, receptor, rowPtr, target, delaySteps, delayConst, w, syn.weightDependence.w_min, syn.weightDependence.w_max, {
          ...syn.timing, rule: syn.weightDependence.rule,
        });
      case 'PfPcPlasticity':
        return new PfPcProjection(pr.label, pre, post, receptor, rowPtr, target, delaySteps, delayConst, w, syn.w_min, syn.w_max, this.populations.get(syn.teacher) as PopulationState, syn.A_plus, syn.A_minus);
      case 'MfDcnPlasticity': {
        const pc = this.projections.get(syn.pcProjection);
        if (!pc) throw new ValidationError(`projections.${pr.label}.synapse.pcProjection`, syn.pcProjection, 'a projection declared before this one', 'list the PC→DCN projection before the MF→DCN projection');
        return new MfDcnProjection(pr.label, pre, post, receptor, rowPtr, target, delaySteps, delayConst, w, syn.w_min, syn.w_max, pc, syn.A_plus, syn.A_minus, syn.windowMs);
      }
      case 'PcDcnPlasticity': {
        // NEST stdp_synapse, additive, with the template's negative bound W (= w_min here):
        // pre-before-post moves w towards W by λ·W·x_pre (stronger inhibition), post-before-pre
        // moves it towards 0 by α·λ·|W|·x_post. Symmetric windows (τ− = τ+).
        const Wb = syn.w_min;
        const proj = new StdpProjection(pr.label, pre, post, receptor, rowPtr, target, delaySteps, delayConst, w, syn.w_min, syn.w_max, {
          tau_plus: syn.tau_plus, tau_minus: syn.tau_plus, A_plus: syn.lambda, A_minus: syn.alpha * syn.lambda, pairing: 'all', rule: 'Additive', fPlus: Wb, fMinus: Wb,
        });
        if (postType.synapseKind === 'conductance') proj.deliverSign = -1;
        return proj;
      }
    }
  }
}

function countEvents(pr: ProjectionState, nSp: number): number {
  let e = 0;
  const { rowPtr } = pr;
  const spikes = pr.pre.spikes;
  for (let s = 0; s < nSp; s++) {
    const i = spikes[s] as number;
    e += (rowPtr[i + 1] as number) - (rowPtr[i] as number);
  }
  return e;
}

/** Builds a network for direct (non-bus) use: `buildNetwork(desc, {seed}).run(1000)`. */
export function buildNetwork(desc: NetworkDesc | NetworkDescInput, opts: BuildOptions): SpikingNetwork {
  return new SpikingNetwork(desc, opts);
}

