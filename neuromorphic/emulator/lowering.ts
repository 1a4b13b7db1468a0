/**
 * Lowering of the backend-neutral network IR (brains/network NetworkDesc) to a hardware profile,
 * with explicit translation tables and a list of every deviation from the float network:
 *  - SpiNNaker: 1 ms ticks, delays rounded to integer ticks in [1, 144], weights quantised with the
 *    ring-buffer shift rule (w_repr = round(|w|·2^(15−s)), 16 bit, sign from the receptor),
 *    ≤ 256 neurons per core within the core budget, supported cell types only.
 *  - BrainScaleS-2: IF_curr_exp/IF_cond_exp → CalibHXNeuronCuba/Coba targets in hardware units
 *    (µs = bio ms / 1000 × 1000, CapMem LSB for voltages), integer 6-bit weights with the sign tied
 *    to the receptor and k = ceil(|w|/63) parallel synapses above 63, no delays beyond the minimum,
 *    ≤ 512 neurons and ≤ 256 synapse rows per neuron.
 * Violations throw (strict) or become reported deviations (lenient); nothing is silent.
 */
import { UnsupportedFeatureError, ValidationError } from '../../core/errors.js';
import { CELL_TYPES, type CellTypeName, resolveParams } from '../../brains/models/index.js';
import { type NetworkDesc, type ValueDesc, expandProjection, populationPositions } from '../../brains/network/index.js';
import type { HardwareProfile } from './hardware-profile.js';

/** Cell types the emulator kernel implements (others raise UnsupportedFeatureError). */
export const EMULATOR_CELL_TYPES: readonly CellTypeName[] = ['IF_curr_exp', 'IF_cond_exp', 'SpikeSourceArray', 'SpikeSourcePoisson', 'SpikeSourceExternal', 'SpikeSourceRegular'];

/** A reported difference between the float network and what the profile runs. */
export interface Deviation {
  readonly kind: string;
  readonly where: string;
  readonly message: string;
  /** How many elements (connections, neurons) are affected. */
  readonly count?: number;
  /** Largest absolute error it introduces, in the unit named in the message. */
  readonly maxError?: number;
}

/** One row of a translation table: an IR parameter and what the target receives. */
export interface TranslationRow {
  readonly population: string;
  readonly from: string;
  readonly to: string;
  readonly params: Readonly<Record<string, { readonly bio: number; readonly target: number; readonly unit: string }>>;
}

/** A lowered population. */
export interface LoweredPopulation {
  readonly label: string;
  readonly cellType: CellTypeName;
  readonly size: number;
  /** First global neuron index. */
  readonly offset: number;
  readonly isSource: boolean;
  readonly params: Readonly<Record<string, number>>;
  readonly spikeTimes?: readonly (readonly number[])[];
  readonly initialV?: number;
  /** A random initial v (drawn per reset with the stream brains/spiking uses: `initial:<label>`). */
  readonly initialVDist?: ValueDesc;
}

/**
 * The PF–PC rule (CerebNEST kernel) as the profile runs it: amplitudes and bounds in weight units,
 * on SpiNNaker multiples of the projection's weight step (the same quantum as its static weights).
 */
export interface LoweredPfPc {
  readonly type: 'PfPcPlasticity';
  readonly teacher: string;
  readonly aPlus: number;
  readonly aMinus: number;
  readonly wMin: number;
  readonly wMax: number;
}

/** A lowered projection: explicit connections with effective (quantised) weights and tick delays. */
export interface LoweredProjection {
  readonly label: string;
  readonly pre: string;
  readonly post: string;
  /** 0 excitatory, 1 inhibitory. */
  readonly receptor: 0 | 1;
  readonly preIdx: Int32Array;
  readonly postIdx: Int32Array;
  /** Effective weights (nA) as the target represents them. */
  readonly weight: Float64Array;
  /** The IR weights before quantisation (nA). */
  readonly weightIr: Float64Array;
  readonly delayTicks: Int32Array;
  /** SpiNNaker: ring-buffer left shift of the post population/receptor; BSS-2: weight LSB (nA). */
  readonly quantum: number;
  /** BSS-2: number of hardware synapses per connection (1 unless |w| > 63 LSB). */
  readonly synapsesPerConnection?: Int32Array;
  /** True when the target is conductance-based (weights are µS ≥ 0 for both receptors). */
  readonly conductance?: boolean;
  /**
   * SpiNNaker: one weight LSB in IR units, 2^(s−15)/globalWeightScale (globalWeightScale = 1024
   * for conductance inputs, sPyNNaker InputTypeConductance; 1 for currents). A ring-buffer entry
   * saturates at 0xFFFF steps.
   */
  readonly weightStep?: number;
  /** Plastic PF–PC projection (else static). */
  readonly plastic?: LoweredPfPc;
}

/** The network as a profile runs it. */
export interface LoweredNetwork {
  readonly profile: HardwareProfile;
  /** Tick (ms) of the profile. */
  readonly dtMs: number;
  readonly populations: readonly LoweredPopulation[];
  readonly projections: readonly LoweredProjection[];
  readonly deviations: readonly Deviation[];
  readonly translation: readonly TranslationRow[];
  readonly nNeurons: number;
  readonly maxDelayTicks: number;
  /** SpiNNaker cores used (0 for other profiles). */
  readonly cores: number;
}

/** Throws (strict profile) or records the deviation (lenient). */
type Violate = (where: string, value: unknown, expected: string, fix: string, d: Deviation) => void;

/** Lowers a validated NetworkDesc for a profile (see file comment). `seed` expands connectors. */
export function lowerNetwork(net: NetworkDesc, profile: HardwareProfile, seed: number): LoweredNetwork {
  const dev: Deviation[] = [];
  const violate: Violate = (where, value, expected, fix, d) => {
    if (profile.strict) throw new ValidationError(where, value, expected, fix);
    dev.push(d);
  };
  const dtMs = profile.name === 'spinnaker' ? profile.spinnaker.tickMs : net.timestepMs;
  const translation: TranslationRow[] = [];
  for (const cs of net.currentSources) throw new UnsupportedFeatureError(`emulator: current source ${cs.type} on '${cs.target}'`, 'the emulator models synaptic input and i_offset only; use i_offset');

  // populations
  const pops: LoweredPopulation[] = [];
  let offset = 0;
  let cores = 0;
  for (const [i, p] of net.populations.entries()) {
    const ct = p.cellType as CellTypeName;
    const where = `network.populations[${i}].cellType`;
    const desc = CELL_TYPES[ct];
    if (profile.name === 'spinnaker') {
      const L = profile.spinnaker;
      if (!L.cellTypes.includes(ct)) violate(where, ct, `a cell type sPyNNaker builds (${L.cellTypes.join(', ')})`, 'change the cell type', { kind: 'cell-type', where, message: `${ct} is not supported by sPyNNaker; run as is in the emulator only` });
      const per = desc.isSource ? (ct === 'SpikeSourcePoisson' ? 500 : 256) : L.neuronsPerCore;
      if (!desc.isSource && per > L.maxNeuronsPerCore) {
        violate('emulator.spinnaker.neuronsPerCore', per, `≤ ${L.maxNeuronsPerCore} neurons per core`, 'lower neuronsPerCore', { kind: 'neurons-per-core', where: p.label, message: `${per} neurons per core exceeds ${L.maxNeuronsPerCore}` });
      }
      cores += Math.ceil(p.size / per);
      translation.push({ population: p.label, from: ct, to: ct, params: Object.fromEntries(Object.entries(resolveParams(ct, p.params)).map(([k, v]) => [k, { bio: v, target: q1615(v), unit: desc.params[k]?.unit ?? '' }])) });
    } else if (profile.name === 'brainscales2') {
      const L = profile.brainscales2;
      if (!desc.isSource) {
        const to = L.cellTypes[ct];
        if (to === undefined) violate(where, ct, `one of ${Object.keys(L.cellTypes).join(', ')} (CalibHXNeuronCuba/Coba)`, 'use IF_curr_exp or IF_cond_exp', { kind: 'cell-type', where, message: `${ct} has no BrainScaleS-2 equivalent` });
        const P = resolveParams(ct, p.params);
        const g = profile.bss2VoltageLsbPerMv;
        const vmap = (v: number): number => 80 + g * (v - (P.v_rest as number));
        const tgt: Record<string, { bio: number; target: number; unit: string }> = {
          v_rest: { bio: P.v_rest as number, target: vmap(P.v_rest as number), unit: 'CapMem LSB' },
          v_reset: { bio: P.v_reset as number, target: vmap(P.v_reset as number), unit: 'CapMem LSB' },
          v_thresh: { bio: P.v_thresh as number, target: vmap(P.v_thresh as number), unit: 'CapMem LSB' },
          tau_m: { bio: P.tau_m as number, target: (P.tau_m as number) * 1000 / L.accelerationFactor, unit: 'us (hardware)' },
          tau_syn_E: { bio: P.tau_syn_E as number, target: (P.tau_syn_E as number) * 1000 / L.accelerationFactor, unit: 'us (hardware)' },
          tau_syn_I: { bio: P.tau_syn_I as number, target: (P.tau_syn_I as number) * 1000 / L.accelerationFactor, unit: 'us (hardware)' },
          tau_refrac: { bio: P.tau_refrac as number, target: (P.tau_refrac as number) * 1000 / L.accelerationFactor, unit: 'us (hardware)' },
        };
        for (const [k, r] of Object.entries(tgt)) {
          const range = L.ranges[k];
          if (range !== undefined && (r.target < range[0] || r.target > range[1])) {
            violate(`network.populations[${i}].params.${k}`, r.bio, `a value mapping into the CalibHXNeuron range [${range[0]}, ${range[1]}] ${r.unit} (got ${r.target})`, 'rescale the parameter or the voltage calibration', { kind: 'param-range', where: `${p.label}.${k}`, message: `${k}=${r.bio} maps to ${r.target} ${r.unit}, outside [${range[0]}, ${range[1]}]; emulated with the IR value` });
          }
        }
        if ((P.i_offset as number) !== 0) violate(`network.populations[${i}].params.i_offset`, P.i_offset, '0 (CalibHXNeuron has no calibrated offset current target)', 'drive the neuron with a spike source', { kind: 'i-offset', where: p.label, message: 'i_offset not available on CalibHXNeuron; emulated anyway' });
        translation.push({ population: p.label, from: ct, to: to ?? ct, params: tgt });
      } else if (ct === 'SpikeSourceRegular') {
        violate(where, ct, 'SpikeSourceArray, SpikeSourcePoisson or SpikeSourceExternal (OffChipSource)', 'use a SpikeSourceArray', { kind: 'cell-type', where, message: 'no regular source on BSS-2' });
      }
    }
    // hardware limits are checked first (above); then what this emulator implements
    if (!EMULATOR_CELL_TYPES.includes(ct)) throw new UnsupportedFeatureError(`emulator: cell type ${ct} ('${p.label}')`, `the emulator implements ${EMULATOR_CELL_TYPES.join(', ')}`);
    const lp: LoweredPopulation = {
      label: p.label, cellType: ct, size: p.size, offset, isSource: desc.isSource, params: resolveParams(ct, p.params),
      ...(p.spikeTimes !== undefined ? { spikeTimes: normaliseSpikeTimes(p.spikeTimes, p.size) } : {}),
      ...(typeof p.initial.v === 'number' ? { initialV: p.initial.v } : {}),
      ...(typeof p.initial.v === 'object' ? { initialVDist: p.initial.v } : {}),
    };
    for (const k of Object.keys(p.initial)) {
      if (k !== 'v') throw new UnsupportedFeatureError(`emulator: initial ${k} of '${p.label}'`, 'the emulator starts synaptic state at 0; give an initial v only');
    }
    pops.push(lp);
    offset += p.size;
  }
  if (profile.name === 'spinnaker' && cores > profile.spinnaker.maxCores) {
    violate('network.populations', `${cores} cores`, `≤ ${profile.spinnaker.maxCores} application cores`, 'use a smaller network or more boards', { kind: 'cores', where: 'network', message: `${cores} cores needed, ${profile.spinnaker.maxCores} available` });
  }
  if (profile.name === 'brainscales2') {
    const n = pops.filter((p) => !p.isSource).reduce((a, p) => a + p.size, 0);
    if (n > profile.brainscales2.maxNeurons) {
      violate('network.populations', n, `≤ ${profile.brainscales2.maxNeurons} neuron circuits`, 'use fewer neurons', { kind: 'neurons', where: 'network', message: `${n} neurons on a ${profile.brainscales2.maxNeurons}-circuit chip` });
    }
  }

  // projections
  const byLabel = new Map(pops.map((p) => [p.label, p]));
  const positions = populationPositions(net, seed);
  const projs: LoweredProjection[] = [];
  for (const [i, pr] of net.projections.entries()) {
    const syn = pr.synapse;
    if (syn.type !== 'StaticSynapse' && syn.type !== 'PfPcPlasticity') throw new UnsupportedFeatureError(`emulator: ${syn.type} on '${pr.label}'`, 'the emulator runs static synapses and the PF–PC rule (PfPcPlasticity) only');
    if (syn.type === 'PfPcPlasticity' && profile.name === 'brainscales2') throw new UnsupportedFeatureError(`emulator: PfPcPlasticity on '${pr.label}' in the brainscales2 profile`, 'BSS-2 plasticity runs as PPU kernels, not modelled; use the spinnaker or float profile');
    const post = byLabel.get(pr.post)!;
    const cond = CELL_TYPES[post.cellType].synapseKind === 'conductance';
    const receptor: 0 | 1 = pr.receptor === 'inhibitory' ? 1 : 0;
    let plastic: LoweredPfPc | undefined;
    if (syn.type === 'PfPcPlasticity') {
      const teacher = byLabel.get(syn.teacher);
      if (teacher === undefined || teacher.size !== post.size) {
        throw new ValidationError(`network.projections[${i}].synapse.teacher`, syn.teacher, `a population of ${post.size} neurons (teacher k teaches '${post.label}'[k])`, 'name the climbing-fibre (IO) population, one teacher per post neuron');
      }
      plastic = { type: 'PfPcPlasticity', teacher: syn.teacher, aPlus: syn.A_plus, aMinus: syn.A_minus, wMin: syn.w_min, wMax: syn.w_max };
    }
    const list = expandProjection(net, pr, seed, positions); // same stream as brains/ (seed, projection label)
    const n = list.count;
    const weightIr = Float64Array.from(list.weight.subarray(0, n));
    const weight = new Float64Array(n);
    const delayTicks = new Int32Array(n);
    // sign rule: excitatory ≥ 0, inhibitory ≤ 0 (PyNN current-based convention); conductances ≥ 0
    let wrongSign = 0;
    for (let k = 0; k < n; k++) {
      const w = weightIr[k] as number;
      if (cond ? w < 0 : (receptor === 0 && w < 0) || (receptor === 1 && w > 0)) wrongSign++;
    }
    if (wrongSign > 0 && cond) {
      throw new ValidationError(`network.projections[${i}].synapse.weight`, `${wrongSign} negative weights`, 'conductances ≥ 0 µS (the receptor sets the sign)', 'use positive weights with receptor "inhibitory"');
    }
    if (wrongSign > 0 && profile.name !== 'float') {
      violate(`network.projections[${i}].synapse.weight`, `${wrongSign} weights`, `weights with the sign of the receptor (${pr.receptor}: ${receptor === 0 ? '≥ 0' : '≤ 0'})`, 'flip the sign or the receptor',
        { kind: 'weight-sign', where: pr.label, message: `${wrongSign} weights disagree with receptor '${pr.receptor}'; the hardware takes |w| with the receptor's sign`, count: wrongSign });
    }
    const sign = receptor === 0 || cond ? 1 : -1;
    // delays
    let rounded = 0;
    let maxDelayErr = 0;
    let clamped = 0;
    const maxTicks = profile.name === 'spinnaker' ? profile.spinnaker.maxDelayTicks : Number.MAX_SAFE_INTEGER;
    for (let k = 0; k < n; k++) {
      const d = list.delayMs[k] as number;
      let t = Math.round(d / dtMs);
      const err = Math.abs(t * dtMs - d);
      if (err > 1e-9) {
        rounded++;
        maxDelayErr = Math.max(maxDelayErr, err);
      }
      if (t < 1) {
        t = 1;
        clamped++;
      }
      if (t > maxTicks) {
        violate(`network.projections[${i}].synapse.delay`, d, `≤ ${maxTicks} ticks of ${dtMs} ms`, 'shorten the delay', { kind: 'delay-max', where: pr.label, message: `delay ${d} ms > ${maxTicks} ticks, clamped` });
        t = maxTicks;
      }
      delayTicks[k] = t;
    }
    if (profile.name === 'brainscales2') {
      const over = Array.from(list.delayMs.subarray(0, n)).filter((d) => d > net.timestepMs + 1e-9).length;
      if (over > 0) violate(`network.projections[${i}].synapse.delay`, `${over} delays > ${net.timestepMs} ms`, 'the minimum delay only (BSS-2 has no configurable synaptic delay)', 'set delay to the timestep', { kind: 'delay-nonzero', where: pr.label, message: `${over} delays above the minimum run with the minimum delay on BSS-2`, count: over });
      if (over > 0) delayTicks.fill(1);
    }
    if (clamped > 0) {
      violate(`network.projections[${i}].synapse.delay`, `${clamped} delays < 1 tick`, `delays ≥ 1 tick (${dtMs} ms)`, `use delays ≥ ${dtMs} ms`, { kind: 'delay-min', where: pr.label, message: `${clamped} delays below one ${dtMs} ms tick raised to 1 tick`, count: clamped });
    }
    if (rounded > 0) dev.push({ kind: 'delay-rounding', where: pr.label, message: `${rounded} delays rounded to the ${dtMs} ms tick (max error in ms)`, count: rounded, maxError: maxDelayErr });

    let quantum = 0;
    let synapsesPerConnection: Int32Array | undefined;
    if (profile.name === 'float') {
      weight.set(weightIr);
    } else if (profile.name === 'spinnaker') {
      quantum = 0; // filled below per post population/receptor
      for (let k = 0; k < n; k++) weight[k] = sign * Math.abs(weightIr[k] as number);
    } else {
      synapsesPerConnection = new Int32Array(n);
      for (let k = 0; k < n; k++) weight[k] = sign * Math.abs(weightIr[k] as number);
    }
    projs.push({
      label: pr.label, pre: pr.pre, post: pr.post, receptor, preIdx: Int32Array.from(list.pre.subarray(0, n)), postIdx: Int32Array.from(list.post.subarray(0, n)), weight, weightIr, delayTicks, quantum,
      conductance: cond, ...(synapsesPerConnection ? { synapsesPerConnection } : {}), ...(plastic ? { plastic } : {}),
    });
  }
  if (profile.name === 'spinnaker') quantiseSpinnaker(projs, byLabel, profile, dtMs, dev, violate);
  if (profile.name === 'brainscales2') quantiseBss2(projs, byLabel, profile, violate, dev);
  let maxDelay = 1;
  for (const p of projs) for (const d of p.delayTicks) if (d > maxDelay) maxDelay = d;
  return { profile, dtMs, populations: pops, projections: projs, deviations: dev, translation, nNeurons: offset, maxDelayTicks: maxDelay, cores };
}

/**
 * sPyNNaker's ring-buffer shift rule per (post population, receptor): for each post neuron the
 * expected maximum summed input per tick is min(mean + σ·sd, total) of Poisson inputs at
 * `spikesPerSecond`, at least the biggest single weight; s = max(0, ceil(log2(max))). Weights are
 * first multiplied by the input type's global weight scale G (1 for currents, 1024 for
 * conductances: sPyNNaker InputTypeConductance.get_global_weight_scale, undone on chip by >> 10);
 * plastic connections count with their w_max. Each weight becomes round(|w|·G·2^(15−s)) (16 bit)
 * and acts as that value · 2^(s−15)/G, so the quantisation error is ≤ 2^(s−16)/G per weight.
 * `spinnaker.ringBufferShifts['<post>:<receptor>']` overrides s (sPyNNaker lets a population set
 * its own spikes_per_second / ring_buffer_sigma); the override is reported.
 * PF–PC amplitudes and bounds are rounded to the same step (sPyNNaker stores A± and w bounds in
 * the weight's fixed-point format); an amplitude that rounds to 0 loses that half of the rule:
 * a violation (strict) or a reported deviation (lenient).
 */
function quantiseSpinnaker(projs: LoweredProjection[], pops: Map<string, LoweredPopulation>, profile: HardwareProfile, dtMs: number, dev: Deviation[], violate: Violate): void {
  const L = profile.spinnaker;
  const spt = (L.spikesPerSecond * dtMs) / 1000;
  const groups = new Map<string, LoweredProjection[]>();
  for (const p of projs) {
    const k = `${p.post}:${p.receptor === 0 ? 'excitatory' : 'inhibitory'}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(p);
  }
  for (const key of Object.keys(L.ringBufferShifts ?? {})) {
    const s = L.ringBufferShifts![key] as number;
    if (!groups.has(key)) throw new ValidationError(`emulator.spinnaker.ringBufferShifts['${key}']`, key, `'<post population>:<excitatory|inhibitory>' of a projection target (${[...groups.keys()].join(', ')})`, 'name a post population and receptor that receives a projection');
    if (!Number.isInteger(s) || s < 0 || s > 16) throw new ValidationError(`emulator.spinnaker.ringBufferShifts['${key}']`, s, 'an integer shift in [0, 16]', 'use a whole number of bits');
  }
  for (const [key, group] of groups) {
    const post = pops.get(group[0]!.post)!;
    const G = group[0]!.conductance ? 1024 : 1;
    const mean = new Float64Array(post.size);
    const vari = new Float64Array(post.size);
    const total = new Float64Array(post.size);
    let biggest = 0;
    for (const p of group) {
      for (let k = 0; k < p.weight.length; k++) {
        const w = Math.max(Math.abs(p.weight[k] as number), p.plastic ? Math.abs(p.plastic.wMax) : 0) * G;
        const j = p.postIdx[k] as number;
        mean[j] = (mean[j] as number) + w * spt;
        vari[j] = (vari[j] as number) + w * w * spt;
        total[j] = (total[j] as number) + w;
        if (w > biggest) biggest = w;
      }
    }
    let m = biggest;
    for (let j = 0; j < post.size; j++) m = Math.max(m, Math.min((mean[j] as number) + L.ringBufferSigma * Math.sqrt(vari[j] as number), total[j] as number));
    const sRule = m > 0 ? Math.max(0, Math.ceil(Math.log2(m))) : 0;
    let sOver = L.ringBufferShifts?.[key];
    let why = 'set by the profile';
    if (sOver === undefined && L.plasticMinSteps !== undefined) {
      // finest amplitude of the plastic projections onto this group, in scaled units
      let amin = Infinity;
      for (const p of group) for (const a of p.plastic ? [p.plastic.aPlus, p.plastic.aMinus] : []) if (a !== 0) amin = Math.min(amin, Math.abs(a) * G);
      if (amin < Infinity) {
        const sMax = Math.max(0, Math.floor(15 + Math.log2(amin / L.plasticMinSteps)));
        if (sMax < sRule) {
          sOver = sMax;
          why = `lowered so that every PF–PC amplitude spans ≥ ${L.plasticMinSteps} weight steps (profile plasticMinSteps)`;
        }
      }
    }
    const s = sOver ?? sRule;
    if (sOver !== undefined) dev.push({ kind: 'ring-buffer-shift', where: key, message: `ring-buffer shift ${s} ${why} (the shift rule gives ${sRule}); a ring-buffer entry saturates at 0xFFFF steps = ${(0xffff * 2 ** (s - 15)) / G} per tick` });
    const scale = 2 ** (15 - s) * G;
    const step = 1 / scale;
    let maxErr = 0;
    let changed = 0;
    let saturated = 0;
    const satLabels = new Set<string>();
    for (const p of group) {
      (p as { quantum: number }).quantum = s;
      (p as { weightStep: number }).weightStep = step;
      for (let k = 0; k < p.weight.length; k++) {
        const w = p.weight[k] as number;
        let r = Math.round(Math.abs(w) * scale);
        if (r > 0xffff) {
          r = 0xffff;
          saturated++;
          satLabels.add(p.label);
        }
        const q = (Math.sign(w) * r) / scale;
        const e = Math.abs(q - w);
        if (e > 0) changed++;
        if (e > maxErr) maxErr = e;
        p.weight[k] = q;
      }
      if (p.plastic) quantisePfPc(p, projs.indexOf(p), step, violate, dev);
    }
    const unit = group[0]!.conductance ? 'µS' : 'nA';
    dev.push({ kind: 'weight-quantisation', where: key, message: `weights onto '${post.label}' (${group[0]!.receptor === 0 ? 'excitatory' : 'inhibitory'}) quantised with ring-buffer shift ${s}${G !== 1 ? ` and global weight scale ${G}` : ''}: step 2^${s - 15}${G !== 1 ? `/${G}` : ''} ${unit}, max error (${unit}) ≤ half a step`, count: changed, maxError: maxErr });
    if (saturated > 0) dev.push({ kind: 'weight-saturation', where: key, message: `${saturated} weights of ${[...satLabels].join(', ')} saturated at 0xFFFF steps = ${0xffff * step}`, count: saturated });
  }
}

/** Rounds the PF–PC amplitudes and bounds of `p` (network.projections[i]) to its weight step (see quantiseSpinnaker). */
function quantisePfPc(p: LoweredProjection, i: number, step: number, violate: Violate, dev: Deviation[]): void {
  const r = p.plastic!;
  const q = (x: number): number => Math.sign(x) * Math.min(0xffff, Math.round(Math.abs(x) / step)) * step;
  const out = { ...r, aPlus: q(r.aPlus), aMinus: q(r.aMinus), wMin: q(r.wMin), wMax: q(r.wMax) };
  const shiftFix = `raise it, or lower the ring-buffer shift of '${p.post}:${p.receptor === 0 ? 'excitatory' : 'inhibitory'}' (profile spinnaker.ringBufferShifts) so the step ${step} gets finer`;
  for (const [name, v, vq] of [['A_plus', r.aPlus, out.aPlus], ['A_minus', r.aMinus, out.aMinus]] as const) {
    if (v !== 0 && vq === 0) {
      violate(`network.projections[${i}].synapse.${name}`, v, `an amplitude of at least half a weight step (${step / 2}) on SpiNNaker`, shiftFix,
        { kind: 'plasticity-underflow', where: p.label, message: `${name} = ${v} is below half the weight step ${step}: it rounds to 0 and that half of the rule is lost` });
    }
  }
  if (r.wMax > 0xffff * step) dev.push({ kind: 'weight-saturation', where: p.label, message: `w_max ${r.wMax} above 0xFFFF steps; clipped to ${out.wMax}` });
  dev.push({
    kind: 'plasticity-quantisation', where: p.label,
    message: `PF–PC A_plus ${r.aPlus} → ${out.aPlus} (${Math.round(out.aPlus / step)} steps), A_minus ${r.aMinus} → ${out.aMinus} (${Math.round(out.aMinus / step)} steps), w in [${out.wMin}, ${out.wMax}], step ${step}; kernel table in s4.11 (2^-11), LTD per teacher spike truncated to whole steps; relative error of A_plus (max error field)`,
    maxError: r.aPlus !== 0 ? Math.abs(out.aPlus - r.aPlus) / Math.abs(r.aPlus) : 0,
  });
  (p as { plastic: LoweredPfPc }).plastic = out;
}

/** BSS-2: integer 6-bit weights per synapse, k = ceil(w_hw/63) parallel synapses, fan-in rows ≤ 256. */
function quantiseBss2(
  projs: LoweredProjection[], pops: Map<string, LoweredPopulation>, profile: HardwareProfile,
  violate: Violate, dev: Deviation[],
): void {
  const L = profile.brainscales2;
  const byPost = new Map<string, LoweredProjection[]>();
  for (const p of projs) (byPost.get(p.post) ?? byPost.set(p.post, []).get(p.post)!).push(p);
  for (const [label, group] of byPost) {
    const post = pops.get(label)!;
    let wmax = 0;
    for (const p of group) for (const w of p.weight) wmax = Math.max(wmax, Math.abs(w));
    const lsb = profile.bss2WeightLsbNa ?? (wmax > 0 ? wmax / L.maxSynapseWeight : 1);
    const rows = new Int32Array(post.size);
    let maxErr = 0;
    let lost = 0;
    let split = 0;
    for (const p of group) {
      (p as { quantum: number }).quantum = lsb;
      for (let k = 0; k < p.weight.length; k++) {
        const w = p.weight[k] as number;
        const hw = Math.round(Math.abs(w) / lsb);
        if (hw === 0 && w !== 0) lost++;
        const syn = Math.max(1, Math.ceil(hw / L.maxSynapseWeight));
        if (syn > 1) split++;
        p.synapsesPerConnection![k] = syn;
        const j = p.postIdx[k] as number;
        rows[j] = (rows[j] as number) + syn;
        const q = Math.sign(w) * hw * lsb;
        maxErr = Math.max(maxErr, Math.abs(q - w));
        p.weight[k] = q;
      }
    }
    let worst = 0;
    for (const r of rows) worst = Math.max(worst, r);
    if (worst > L.maxInputsPerNeuron) {
      violate(`network.projections(post='${label}')`, `${worst} synapse rows`, `≤ ${L.maxInputsPerNeuron} inputs per neuron (parallel synapses count)`, 'reduce fan-in or weights', { kind: 'fan-in', where: label, message: `a neuron of '${label}' needs ${worst} synapse rows (> ${L.maxInputsPerNeuron})` });
    }
    dev.push({ kind: 'weight-quantisation', where: label, message: `weights onto '${label}' as integer 6-bit hardware weights, LSB ${lsb} nA; max error (nA) ≤ LSB/2`, count: group.reduce((a, p) => a + p.weight.length, 0), maxError: maxErr });
    if (split > 0) dev.push({ kind: 'weight-split', where: label, message: `${split} connections above 63 LSB realised as parallel synapses`, count: split });
    if (lost > 0) dev.push({ kind: 'weight-zero', where: label, message: `${lost} non-zero weights below LSB/2 became 0`, count: lost });
  }
}

function normaliseSpikeTimes(st: readonly number[] | readonly (readonly number[])[], size: number): (readonly number[])[] {
  if (st.length > 0 && Array.isArray(st[0])) return st as (readonly number[])[];
  return Array.from({ length: size }, () => st as readonly number[]);
}

/** Nearest s16.15 value. */
export function q1615(x: number): number {
  return Math.round(x * 32768) / 32768;
}
