/**
 * Parses and validates a NetworkDesc: schema errors and cross-field rules both become a
 * ValidationError naming the field (e.g. `projections[2].connector.n`), the bad value, what was
 * expected and the fix.
 */
import { ValidationError } from '../../core/errors.js';
import { CELL_TYPES, type CellTypeName } from '../models/cell-types.js';
import { type NetworkDesc, type NetworkDescInput, NetworkSchema, type ValueDesc } from './network-desc.js';

/** Validates `input` and returns the defaults-filled descriptor. Throws ValidationError. */
export function validateNetwork(input: NetworkDescInput | unknown): NetworkDesc {
  const r = NetworkSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue ? fieldPath(issue.path) : 'network';
    const value = issue ? valueAt(input, issue.path) : input;
    throw new ValidationError(path || 'network', value, issue?.message ?? 'a valid NetworkDesc', 'see brains/network/network-desc.ts for the schema');
  }
  const net = r.data;
  checkSemantics(net);
  return net;
}

function checkSemantics(net: NetworkDesc): void {
  const dt = net.timestepMs;
  const pops = new Map<string, { size: number; type: CellTypeName; index: number }>();
  net.populations.forEach((pop, i) => {
    const f = `populations[${i}]`;
    if (pops.has(pop.label)) throw new ValidationError(`${f}.label`, pop.label, 'a unique label', 'rename one of the populations');
    const type = pop.cellType as CellTypeName;
    pops.set(pop.label, { size: pop.size, type, index: i });
    const spec = CELL_TYPES[type];
    for (const k of Object.keys(pop.params)) {
      if (!(k in spec.params)) {
        throw new ValidationError(`${f}.params.${k}`, k, `a ${type} parameter: ${Object.keys(spec.params).join(', ') || '(none)'}`, 'use PyNN parameter names (brains/models/cell-types.ts)');
      }
    }
    for (const k of Object.keys(pop.initial)) {
      if (!(k in spec.initialValues)) {
        throw new ValidationError(`${f}.initial.${k}`, k, `a ${type} state variable: ${Object.keys(spec.initialValues).join(', ') || '(none)'}`, 'initialise only state variables of this cell type');
      }
    }
    const P = { ...Object.fromEntries(Object.entries(spec.params).map(([k, s]) => [k, s.default])), ...pop.params } as Record<string, number>;
    for (const k of ['cm', 'tau_m', 'tau_syn_E', 'tau_syn_I', 'tau_w', 'delta_T'] as const) {
      if (k in P && !((P[k] as number) > 0)) throw new ValidationError(`${f}.params.${k}`, P[k], 'a value > 0', `set a positive ${k}`);
    }
    if ('tau_refrac' in P && (P.tau_refrac as number) < 0) throw new ValidationError(`${f}.params.tau_refrac`, P.tau_refrac, 'a value ≥ 0', 'set tau_refrac ≥ 0');
    if ('rate' in P && (P.rate as number) < 0) throw new ValidationError(`${f}.params.rate`, P.rate, 'a rate ≥ 0 Hz', 'set a non-negative rate');
    if (type === 'SpikeSourceRegular' && !((P.rate as number) > 0)) throw new ValidationError(`${f}.params.rate`, P.rate, 'a rate > 0 Hz', 'set a positive rate');
    if (pop.spikeTimes !== undefined) {
      if (type !== 'SpikeSourceArray') throw new ValidationError(`${f}.spikeTimes`, 'given', 'spikeTimes only on SpikeSourceArray', 'remove spikeTimes or use cellType SpikeSourceArray');
      if (Array.isArray(pop.spikeTimes[0]) && pop.spikeTimes.length !== pop.size) {
        throw new ValidationError(`${f}.spikeTimes`, `${pop.spikeTimes.length} lists`, `${pop.size} lists (one per neuron) or one flat list`, 'give one spike-time list per neuron');
      }
    } else if (type === 'SpikeSourceArray') {
      throw new ValidationError(`${f}.spikeTimes`, undefined, 'spike times (ms) for a SpikeSourceArray', 'add spikeTimes: [..] or [[..], ..]');
    }
    if (pop.positions?.structure === 'explicit' && pop.positions.xyz.length !== pop.size) {
      throw new ValidationError(`${f}.positions.xyz`, `${pop.positions.xyz.length} points`, `${pop.size} points`, 'give one position per neuron');
    }
  });
  const projLabels = new Map<string, number>();
  net.projections.forEach((pr, i) => {
    const f = `projections[${i}]`;
    if (projLabels.has(pr.label)) throw new ValidationError(`${f}.label`, pr.label, 'a unique label', 'rename one of the projections');
    projLabels.set(pr.label, i);
    const pre = pops.get(pr.pre);
    const post = pops.get(pr.post);
    if (!pre) throw new ValidationError(`${f}.pre`, pr.pre, `a population label: ${[...pops.keys()].join(', ')}`, 'name an existing population');
    if (!post) throw new ValidationError(`${f}.post`, pr.post, `a population label: ${[...pops.keys()].join(', ')}`, 'name an existing population');
    const postSpec = CELL_TYPES[post.type];
    if (postSpec.isSource) throw new ValidationError(`${f}.post`, pr.post, 'a neuron population (not a spike source)', 'spike sources cannot receive projections');
    if (!postSpec.receptors.includes(pr.receptor)) {
      throw new ValidationError(`${f}.receptor`, pr.receptor, `one of ${postSpec.receptors.join(', ')}`, `use a receptor type of ${post.type}`);
    }
    const c = pr.connector;
    if (c.type === 'OneToOne' && pre.size !== post.size) throw new ValidationError(`${f}.connector`, `${pre.size}→${post.size}`, 'equal pre and post sizes for OneToOne', 'use populations of the same size or another connector');
    if (c.type === 'FixedNumberPre' && !c.withReplacement && c.n > pre.size) throw new ValidationError(`${f}.connector.n`, c.n, `≤ pre size ${pre.size} without replacement`, 'lower n or set withReplacement');
    if (c.type === 'FixedNumberPost' && !c.withReplacement && c.n > post.size) throw new ValidationError(`${f}.connector.n`, c.n, `≤ post size ${post.size} without replacement`, 'lower n or set withReplacement');
    if (c.type === 'FromList') {
      c.conns.forEach((cn, j) => {
        if (cn[0] >= pre.size) throw new ValidationError(`${f}.connector.conns[${j}][0]`, cn[0], `a pre index < ${pre.size}`, 'index neurons from 0');
        if (cn[1] >= post.size) throw new ValidationError(`${f}.connector.conns[${j}][1]`, cn[1], `a post index < ${post.size}`, 'index neurons from 0');
        if (cn.length === 4 && cn[3] < dt) throw new ValidationError(`${f}.connector.conns[${j}][3]`, cn[3], `a delay ≥ timestep ${dt} ms`, 'use delays of at least one step');
      });
    }
    if (c.type === 'DistanceDependentProbability' && (!net.populations[pre.index]?.positions || !net.populations[post.index]?.positions)) {
      throw new ValidationError(`${f}.connector`, 'DistanceDependentProbability', 'pre and post populations with positions', 'add positions to both populations');
    }
    checkDelay(`${f}.synapse.delay`, pr.synapse.delay, dt);
    const s = pr.synapse;
    if (s.type === 'STDPMechanism' && s.weightDependence.w_min > s.weightDependence.w_max) throw new ValidationError(`${f}.synapse.weightDependence.w_min`, s.weightDependence.w_min, `≤ w_max ${s.weightDependence.w_max}`, 'swap the bounds');
    if ((s.type === 'PfPcPlasticity' || s.type === 'MfDcnPlasticity' || s.type === 'PcDcnPlasticity') && s.w_min > s.w_max) throw new ValidationError(`${f}.synapse.w_min`, s.w_min, `≤ w_max ${s.w_max}`, 'swap the bounds');
    if (s.type === 'PfPcPlasticity') {
      const t = pops.get(s.teacher);
      if (!t) throw new ValidationError(`${f}.synapse.teacher`, s.teacher, 'a population label', 'name the climbing-fibre (IO) population');
      if (t.size !== post.size) throw new ValidationError(`${f}.synapse.teacher`, `${s.teacher} (size ${t.size})`, `a population of the post size ${post.size} (one teacher per PC)`, 'give one teacher neuron per post neuron');
    }
  });
  net.projections.forEach((pr, i) => {
    if (pr.synapse.type === 'MfDcnPlasticity') {
      const j = projLabels.get(pr.synapse.pcProjection);
      const pc = j === undefined ? undefined : net.projections[j];
      if (!pc || pc.post !== pr.post) {
        throw new ValidationError(`projections[${i}].synapse.pcProjection`, pr.synapse.pcProjection, `the label of a projection onto ${pr.post} (the PC→DCN projection)`, 'name the PC→DCN projection');
      }
    }
  });
  net.currentSources.forEach((cs, i) => {
    const t = pops.get(cs.target);
    if (!t) throw new ValidationError(`currentSources[${i}].target`, cs.target, 'a population label', 'name an existing population');
    if (CELL_TYPES[t.type].isSource || t.type === 'Parrot') throw new ValidationError(`currentSources[${i}].target`, cs.target, 'a population with a membrane', 'inject current only into neuron models');
    cs.indices?.forEach((k, j) => {
      if (k >= t.size) throw new ValidationError(`currentSources[${i}].indices[${j}]`, k, `< ${t.size}`, 'index neurons from 0');
    });
    if (cs.type === 'StepCurrentSource' && cs.times.length !== cs.amplitudes.length) throw new ValidationError(`currentSources[${i}].amplitudes`, cs.amplitudes.length, `${cs.times.length} (one per time)`, 'give one amplitude per time');
  });
  net.recorders.forEach((rec, i) => {
    if (rec.kind === 'weights') {
      if (!projLabels.has(rec.projection)) throw new ValidationError(`recorders[${i}].projection`, rec.projection, 'a projection label', 'name an existing projection');
      return;
    }
    const t = pops.get(rec.population);
    if (!t) throw new ValidationError(`recorders[${i}].population`, rec.population, 'a population label', 'name an existing population');
    const ok = ['spikes', ...CELL_TYPES[t.type].recordables];
    rec.variables.forEach((v, j) => {
      if (!ok.includes(v)) throw new ValidationError(`recorders[${i}].variables[${j}]`, v, `one of ${ok.join(', ')}`, `record a variable of ${t.type}`);
    });
  });
}

function checkDelay(field: string, d: ValueDesc, dt: number): void {
  if (typeof d === 'number') {
    if (d < dt - 1e-9) throw new ValidationError(field, d, `a delay ≥ timestep ${dt} ms`, 'use delays of at least one step');
    return;
  }
  const lo = d.distribution === 'uniform' || d.distribution === 'normal_clipped' ? d.low : -Infinity;
  if (lo < dt - 1e-9) throw new ValidationError(field, d, `a delay distribution bounded below by the timestep ${dt} ms`, 'use uniform/normal_clipped with low ≥ timestep');
}

function fieldPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? String(k) : `.${String(k)}`;
  return s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
