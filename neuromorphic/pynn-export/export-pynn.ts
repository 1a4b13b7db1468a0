/**
 * PyNN export: `exportPyNN(network, {backend})` writes a runnable PyNN script for one backend.
 *
 * - `nest`: `pyNN.nest` by default; the same script runs on `pyNN.brian2` (set
 *   `PYNN_SIMULATOR=brian2`). Standard cells with the IR parameters, float weights and delays.
 * - `spinnaker`: `pyNN.spiNNaker`, 1 ms timestep, delays rounded to integer ticks (as the
 *   emulator's SpiNNaker lowering predicts), SpikeSourceExternal → `SpikeInjector` with database
 *   notification, live output activated for every neuron population; unsupported cells throw.
 * - `brainscales2`: `pynn_brainscales.brainscales2`, CalibHXNeuronCuba targets in hardware units,
 *   integer weights with the receptor's sign, no delays, times in hardware ms (bio / 1000); the
 *   script writes `{time_base: 'hardware_ms', acceleration, spikes}` and the BrainScaleS-2 adapter
 *   maps them back to biological time (× 1000).
 *
 * Connectivity is exported explicitly (FromListConnector) after expansion with the given seed, so
 * every backend runs the connections our simulator and emulator run. Pair STDP (all-to-all
 * pairing) becomes PyNN's `STDPMechanism` (nest backend); rules PyNN lacks are refused unless
 * `plasticAsStatic`. Random initial values become `RandomDistribution`s of the same law (numpy's
 * stream, so the draws differ from ours; the law is the same). Each script records spikes
 * of every population and writes `{label: [[t_ms, ...] per neuron]}` as JSON to argv[1] (or
 * stdout). No string templating of user input into code: labels are identifiers (schema) and
 * numbers are formatted with JSON.stringify.
 */
import { UnsupportedFeatureError, ValidationError } from '../../core/errors.js';
import { CELL_TYPES, type CellTypeName, resolveParams } from '../../brains/models/index.js';
import { type NetworkDesc, type NetworkDescInput, expandProjection, populationPositions, validateNetwork } from '../../brains/network/index.js';
import { hardwareProfile } from '../emulator/hardware-profile.js';
import { lowerNetwork } from '../emulator/lowering.js';

/** Export targets. */
export type PyNNBackend = 'nest' | 'spinnaker' | 'brainscales2';

/** Options of {@link exportPyNN}. */
export interface ExportPyNNOptions {
  readonly backend: PyNNBackend;
  /** Simulated (biological) run time in ms (default 1000). */
  readonly runMs?: number;
  /** Seed for connector expansion (default 0); same seed → same connections as our engines. */
  readonly seed?: number;
  /** Hardware backends: fail on any limit violation (default true) or export with deviations listed. */
  readonly strict?: boolean;
  /**
   * Projections with a rule no PyNN backend implements (the cerebellar PfPc/MfDcn/PcDcn rules, and
   * nearest-spike STDP) are an error by default; true exports them as static synapses with their
   * initial weights and lists them in the script's header.
   */
  readonly plasticAsStatic?: boolean;
}

const J = (x: unknown): string => JSON.stringify(x);
const py = (x: unknown): string => J(x).replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False').replace(/\bnull\b/g, 'None');

/** Returns the PyNN script text for `network` on `backend` (see file comment). */
export function exportPyNN(network: NetworkDescInput | NetworkDesc, opts: ExportPyNNOptions): string {
  const net = validateNetwork(network);
  const runMs = opts.runMs ?? 1000;
  if (!(runMs > 0)) throw new ValidationError('exportPyNN.runMs', runMs, 'a run time > 0 ms', 'give runMs');
  const seed = opts.seed ?? 0;
  const plasticAsStatic = opts.plasticAsStatic ?? false;
  switch (opts.backend) {
    case 'nest':
      if (!plasticAsStatic) refuseStaticOnly(net, true);
      return exportNest(net, runMs, seed);
    case 'spinnaker':
      if (!plasticAsStatic) refuseStaticOnly(net, false);
      return exportSpinnaker(net, runMs, seed, opts.strict ?? true);
    case 'brainscales2':
      if (!plasticAsStatic) refuseStaticOnly(net, false);
      return exportBss2(net, runMs, seed, opts.strict ?? true);
    default:
      throw new ValidationError('exportPyNN.backend', opts.backend, "'nest', 'spinnaker' or 'brainscales2'", 'pick a backend');
  }
}

const FOOTER = (toBio: string, wrap = false): string => `
result = {}
for label, pop in pops.items():
    seg = pop.get_data('spikes').segments[0]
    trains = [[0.0] * 0 for _ in range(pop.size)]
    for k, st in enumerate(seg.spiketrains):
        idx = int(st.annotations.get('source_index', k))
        trains[idx] = [float(t) ${toBio} for t in st.rescale('ms').magnitude]
    result[label] = trains
sim.end()
text = json.dumps(${wrap ? "{'time_base': 'hardware_ms', 'acceleration': 1000, 'spikes': result}" : 'result'})
if len(sys.argv) > 1:
    with open(sys.argv[1], 'w') as f:
        f.write(text)
else:
    print(text)
`;

function header(backend: string, extra: string[], net: NetworkDesc): string {
  const random = net.populations.some((p) => Object.values(p.initial).some((v) => typeof v === 'object'));
  return [
    '#!/usr/bin/env python3',
    `# Generated by neuroloop exportPyNN (backend: ${backend}). Spikes of every population are written`,
    '# as JSON {label: [[t_ms, ...] per neuron]} to argv[1] (or stdout).',
    ...extra.map((l) => `# ${l}`),
    'import json, os, sys, importlib',
    ...(random ? ['from pyNN.random import RandomDistribution, NumpyRNG'] : []),
  ].join('\n');
}

/** A synapse PyNN's `STDPMechanism` expresses exactly (pair rule with all-to-all pairing). */
type NativeStdp = Extract<NetworkDesc['projections'][number]['synapse'], { type: 'STDPMechanism' }>;
const isNativeStdp = (syn: NetworkDesc['projections'][number]['synapse']): syn is NativeStdp => syn.type === 'STDPMechanism' && syn.timing.pairing === 'all';

/** A plastic projection the backend writes as a static synapse (nest keeps native STDP). */
const asStatic = (pr: NetworkDesc['projections'][number], nest: boolean): boolean => pr.synapse.type !== 'StaticSynapse' && !(nest && isNativeStdp(pr.synapse));

/** Without plasticAsStatic, a projection the backend would write as static is an error. */
function refuseStaticOnly(net: NetworkDesc, nest: boolean): void {
  const pr = net.projections.find((x) => asStatic(x, nest));
  if (pr === undefined) return;
  const why = !nest ? 'this backend is exported with static synapses only' : pr.synapse.type === 'STDPMechanism' ? 'PyNN\'s SpikePairRule has all-to-all pairing only' : 'no PyNN backend implements this rule';
  throw new UnsupportedFeatureError(`exportPyNN: ${pr.synapse.type} on '${pr.label}'`, `${why}; pass plasticAsStatic (CLI --plastic-as-static) to export its initial weights as static synapses`);
}

/**
 * The network the hardware backends lower: every plastic projection replaced by a static synapse
 * with the same initial weight and delay (their scripts are static-only, and lowering must neither
 * check learning amplitudes nor size weight formats for w_max when nothing learns).
 */
function withStaticSynapses(net: NetworkDesc): NetworkDesc {
  return {
    ...net,
    projections: net.projections.map((pr) => (asStatic(pr, false) ? { ...pr, synapse: { type: 'StaticSynapse' as const, weight: pr.synapse.weight, delay: pr.synapse.delay } } : pr)),
  };
}

/** Projections exported as static although plastic in the IR (header notes). */
function staticNotes(net: NetworkDesc, nest: boolean): string[] {
  return net.projections
    .filter((pr) => asStatic(pr, nest))
    .map((pr) => `'${pr.label}' (${pr.synapse.type}) is exported as a static synapse with its initial weights: PyNN has no such rule`);
}

function connections(net: NetworkDesc, seed: number): Map<string, [number, number, number, number][]> {
  const positions = populationPositions(net, seed);
  const m = new Map<string, [number, number, number, number][]>();
  for (const pr of net.projections) {
    const l = expandProjection(net, pr, seed, positions);
    const rows: [number, number, number, number][] = [];
    for (let k = 0; k < l.count; k++) {
      rows.push([l.pre[k]!, l.post[k]!, l.weight[k]!, Math.round(l.delayMs[k]! / net.timestepMs) * net.timestepMs]);
    }
    m.set(pr.label, rows);
  }
  return m;
}

/** PyNN synapse_type expression of a projection (nest backend). */
function synapseTypeNest(pr: NetworkDesc['projections'][number]): string {
  const syn = pr.synapse;
  if (!isNativeStdp(syn)) return 'sim.StaticSynapse()';
  const t = syn.timing;
  const wd = syn.weightDependence;
  const dep = wd.rule === 'Additive' ? 'AdditiveWeightDependence' : 'MultiplicativeWeightDependence';
  return `sim.STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=${J(t.tau_plus)}, tau_minus=${J(t.tau_minus)}, A_plus=${J(t.A_plus)}, A_minus=${J(t.A_minus)}), weight_dependence=sim.${dep}(w_min=${J(wd.w_min)}, w_max=${J(wd.w_max)}), dendritic_delay_fraction=DDF)`;
}

/** `initial_values` argument: constants as numbers, distributions as PyNN RandomDistributions. */
function initialValues(p: NetworkDesc['populations'][number], seed: number): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(p.initial)) {
    if (typeof v === 'number') {
      parts.push(`${J(k)}: ${J(v)}`);
      continue;
    }
    const d = v as { distribution: string; low?: number; high?: number; mu?: number; sigma?: number; beta?: number };
    const rng = `rng=NumpyRNG(seed=${J(seed)})`;
    if (d.distribution === 'uniform') parts.push(`${J(k)}: RandomDistribution('uniform', low=${J(d.low)}, high=${J(d.high)}, ${rng})`);
    else if (d.distribution === 'normal') parts.push(`${J(k)}: RandomDistribution('normal', mu=${J(d.mu)}, sigma=${J(d.sigma)}, ${rng})`);
    else if (d.distribution === 'normal_clipped') parts.push(`${J(k)}: RandomDistribution('normal_clipped', mu=${J(d.mu)}, sigma=${J(d.sigma)}, low=${J(d.low)}, high=${J(d.high)}, ${rng})`);
    else if (d.distribution === 'exponential') parts.push(`${J(k)}: RandomDistribution('exponential', beta=${J(d.beta)}, ${rng})`);
    else throw new UnsupportedFeatureError(`exportPyNN: initial ${k} of '${p.label}'`, `distribution ${d.distribution} has no PyNN equivalent`);
  }
  return parts.length > 0 ? `, initial_values={${parts.join(', ')}}` : '';
}

function populationLine(p: NetworkDesc['populations'][number], cls: string, params: Record<string, number>, timeScale = 1, seed = 0): string {
  const ct = p.cellType as CellTypeName;
  if (ct === 'SpikeSourceArray') {
    const st = p.spikeTimes ?? [];
    const per = st.length > 0 && Array.isArray(st[0]) ? (st as number[][]) : Array.from({ length: p.size }, () => st as number[]);
    return `pops[${J(p.label)}] = sim.Population(${p.size}, sim.SpikeSourceArray(spike_times=[sim.Sequence(t) for t in ${J(per.map((a) => a.map((t) => t * timeScale)))}]), label=${J(p.label)})`;
  }
  const init = initialValues(p, seed);
  return `pops[${J(p.label)}] = sim.Population(${p.size}, ${cls}(**${py(params)}), label=${J(p.label)}${init})`;
}

function exportNest(net: NetworkDesc, runMs: number, seed: number): string {
  const out = [
    header('nest', ['Runs on pyNN.nest; PYNN_SIMULATOR=brian2 runs it on pyNN.brian2 (BRIAN2_TARGET=numpy|cython, default numpy: no compiler needed).', ...staticNotes(net, true)], net),
    "sim = importlib.import_module('pyNN.' + os.environ.get('PYNN_SIMULATOR', 'nest'))",
    "if sim.__name__.endswith('brian2'):",
    '    import brian2',
    "    brian2.prefs.codegen.target = os.environ.get('BRIAN2_TARGET', 'numpy')",
    '# STDP pairs spike stamps at the synapse as our simulator does (dendritic delays, the NEST default);',
    '# pyNN.brian2 supports axonal delays only, so there the pre spike pairs on arrival.',
    "DDF = 0 if sim.__name__.endswith('brian2') else 1",
  ];
  const conns = connections(net, seed);
  let minDelay = Infinity;
  let maxDelay = net.timestepMs;
  for (const rows of conns.values()) for (const r of rows) { minDelay = Math.min(minDelay, r[3]); maxDelay = Math.max(maxDelay, r[3]); }
  if (!Number.isFinite(minDelay)) minDelay = net.timestepMs;
  out.push(`sim.setup(timestep=${J(net.timestepMs)}, min_delay=${J(minDelay)}, max_delay=${J(maxDelay)})`, 'pops = {}');
  for (const p of net.populations) {
    const ct = p.cellType as CellTypeName;
    if (ct === 'SpikeSourceExternal') {
      out.push(`# '${p.label}' is fed live from the bus in neuroloop; offline it is a silent SpikeSourceArray`);
      out.push(`pops[${J(p.label)}] = sim.Population(${p.size}, sim.SpikeSourceArray(spike_times=[]), label=${J(p.label)})`);
      continue;
    }
    if (!CELL_TYPES[ct].pynnStandard) throw new UnsupportedFeatureError(`exportPyNN: ${ct} ('${p.label}')`, 'not a PyNN standard type');
    out.push(populationLine(p, `sim.${ct}`, ct === 'SpikeSourceArray' ? {} : resolveParams(ct, p.params), 1, seed));
  }
  for (const pr of net.projections) {
    out.push(`sim.Projection(pops[${J(pr.pre)}], pops[${J(pr.post)}], sim.FromListConnector(${J(conns.get(pr.label))}, column_names=['weight', 'delay']), synapse_type=${synapseTypeNest(pr)}, receptor_type=${J(pr.receptor)}, label=${J(pr.label)})`);
  }
  out.push('for pop in pops.values():', "    pop.record('spikes')", `sim.run(${J(runMs)})`);
  return out.join('\n') + FOOTER('');
}

function exportSpinnaker(net: NetworkDesc, runMs: number, seed: number, strict: boolean): string {
  const lowered = lowerNetwork(withStaticSynapses(net), hardwareProfile('spinnaker', { strict }), seed);
  const notes = lowered.deviations.map((d) => `deviation ${d.kind} ${d.where}: ${d.message}${d.maxError !== undefined ? ` (max ${d.maxError})` : ''}`);
  const out = [header('spinnaker', ['sPyNNaker: 1 ms ticks, integer-tick delays; sPyNNaker quantises weights itself (predicted below).', ...staticNotes(net, false), ...notes], net), 'import pyNN.spiNNaker as sim'];
  out.push(`sim.setup(timestep=${J(lowered.dtMs)})`, 'pops = {}');
  const hasLive = net.populations.some((p) => p.cellType === 'SpikeSourceExternal');
  for (const p of net.populations) {
    const ct = p.cellType as CellTypeName;
    if (ct === 'SpikeSourceExternal') {
      out.push(`pops[${J(p.label)}] = sim.Population(${p.size}, sim.external_devices.SpikeInjector(database_notify_port_num=19999), label=${J(p.label)})`);
      continue;
    }
    out.push(populationLine(p, `sim.${ct}`, ct === 'SpikeSourceArray' ? {} : resolveParams(ct, p.params), 1, seed));
    if (!CELL_TYPES[ct].isSource) out.push(`sim.set_number_of_neurons_per_core(sim.${ct}, ${lowered.profile.spinnaker.neuronsPerCore})`);
  }
  for (const pr of lowered.projections) {
    const rows: [number, number, number, number][] = [];
    for (let k = 0; k < pr.weight.length; k++) rows.push([pr.preIdx[k]!, pr.postIdx[k]!, pr.weightIr[k]!, pr.delayTicks[k]! * lowered.dtMs]);
    out.push(`# weights onto '${pr.post}' predicted at ring-buffer shift ${pr.quantum} (step 2^${pr.quantum - 15} nA)`);
    out.push(`sim.Projection(pops[${J(pr.pre)}], pops[${J(pr.post)}], sim.FromListConnector(${J(rows)}, column_names=['weight', 'delay']), synapse_type=sim.StaticSynapse(), receptor_type=${J(pr.receptor === 0 ? 'excitatory' : 'inhibitory')}, label=${J(pr.label)})`);
  }
  if (hasLive) {
    for (const p of lowered.populations) if (!p.isSource) out.push(`sim.external_devices.activate_live_output_for(pops[${J(p.label)}], database_notify_port_num=19999)`);
  }
  out.push('for pop in pops.values():', "    pop.record('spikes')", `sim.run(${J(runMs)})`);
  return out.join('\n') + FOOTER('');
}

function exportBss2(net: NetworkDesc, runMs: number, seed: number, strict: boolean): string {
  const lowered = lowerNetwork(withStaticSynapses(net), hardwareProfile('brainscales2', { strict }), seed);
  const acc = lowered.profile.brainscales2.accelerationFactor;
  const notes = lowered.deviations.map((d) => `deviation ${d.kind} ${d.where}: ${d.message}${d.maxError !== undefined ? ` (max ${d.maxError})` : ''}`);
  const out = [
    header('brainscales2', [`BrainScaleS-2: hardware time = biological time / ${acc}; CalibHXNeuron targets; integer weights, no delays.`, ...staticNotes(net, false), ...notes], net),
    'import pynn_brainscales.brainscales2 as sim',
    'sim.setup()',
    'pops = {}',
  ];
  for (const p of net.populations) {
    const ct = p.cellType as CellTypeName;
    if (ct === 'SpikeSourceExternal') throw new UnsupportedFeatureError(`exportPyNN(brainscales2): SpikeSourceExternal '${p.label}'`, 'batch runs only: give the input as a SpikeSourceArray (live input is OffChipSource, not exported)');
    if (ct === 'SpikeSourceArray') {
      out.push(populationLine(p, '', {}, 1 / acc));
      continue;
    }
    if (ct === 'SpikeSourcePoisson') {
      const P = resolveParams(ct, p.params);
      out.push(`pops[${J(p.label)}] = sim.Population(${p.size}, sim.cells.SpikeSourcePoisson(rate=${J((P.rate as number) * acc)}, start=${J((P.start as number) / acc)}, duration=${J(Math.min(P.duration as number, runMs) / acc)}), label=${J(p.label)})`);
      continue;
    }
    const row = lowered.translation.find((t) => t.population === p.label)!;
    const params: Record<string, number> = {};
    for (const [k, r] of Object.entries(row.params)) params[k] = Math.round(r.target * 1000) / 1000;
    out.push(`pops[${J(p.label)}] = sim.Population(${p.size}, sim.cells.${row.to}(**${py(params)}), label=${J(p.label)})`);
  }
  for (const pr of lowered.projections) {
    const rows: [number, number, number][] = [];
    for (let k = 0; k < pr.weight.length; k++) rows.push([pr.preIdx[k]!, pr.postIdx[k]!, Math.round(pr.weight[k]! / pr.quantum)]);
    out.push(`# weights in hardware LSB (1 LSB = ${pr.quantum} nA in the emulator's calibration); |w| > 63 become parallel synapses in grenade`);
    out.push(`sim.Projection(pops[${J(pr.pre)}], pops[${J(pr.post)}], sim.FromListConnector(${J(rows)}, column_names=['weight']), synapse_type=sim.synapses.StaticSynapse(), receptor_type=${J(pr.receptor === 0 ? 'excitatory' : 'inhibitory')}, label=${J(pr.label)})`);
  }
  out.push('for pop in pops.values():', "    pop.record(['spikes'])", `sim.run(${J(runMs / acc)})`);
  return out.join('\n') + FOOTER('', true);
}
