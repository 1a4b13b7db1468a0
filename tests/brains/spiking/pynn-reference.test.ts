/**
 * Against PyNN 0.10.1 + Brian2 2.5.1 reference vectors (shared/data/pynn_brian2/). Both use the
 * same grid convention (spike stamped at the start of the step whose update crossed threshold;
 * input with delay d from a spike stamped t acts from t + d + dt), so spike times must agree
 * exactly (well within the required one dt) and the membrane trace to rounding error (Brian2 used
 * exact integration for IF_curr_alpha).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../../brains/spiking/index.js';

interface Ref {
  T_ms: number;
  cell_type: string;
  cell_params: Record<string, number>;
  v_init_mV: number;
  inputs: Record<string, { spike_times_ms: number[]; weight_nA: number; delay_ms: number }>;
  output: { spike_times_ms: number[]; traces: { v: { data: number[][] } } };
}

const ref = JSON.parse(readFileSync(new URL('../../../../shared/data/pynn_brian2/pynn_brian2_cellB_ifcurralpha_ssa.json', import.meta.url), 'utf8')) as Ref;

describe('PyNN+Brian2 reference: one IF_curr_alpha driven by two SpikeSourceArrays', () => {
  const net = buildNetwork({
    timestepMs: 0.1,
    populations: [
      { label: 'cell', size: 1, cellType: 'IF_curr_alpha', params: ref.cell_params, initial: { v: ref.v_init_mV } },
      { label: 'exc', size: 1, cellType: 'SpikeSourceArray', spikeTimes: ref.inputs.exc!.spike_times_ms },
      { label: 'inh', size: 1, cellType: 'SpikeSourceArray', spikeTimes: ref.inputs.inh!.spike_times_ms },
    ],
    projections: [
      { label: 'e', pre: 'exc', post: 'cell', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: ref.inputs.exc!.weight_nA, delay: ref.inputs.exc!.delay_ms }, receptor: 'excitatory' },
      { label: 'i', pre: 'inh', post: 'cell', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: ref.inputs.inh!.weight_nA, delay: ref.inputs.inh!.delay_ms }, receptor: 'inhibitory' },
    ],
    recorders: [{ kind: 'population', population: 'cell', variables: ['spikes', 'v'] }],
  }, { seed: 1 });
  net.run(ref.T_ms);

  it('gives the same spike times (tolerance: one dt; observed: exact)', () => {
    const ours = Array.from(net.getSpikes('cell').timesMs);
    expect(ours.length).toBe(ref.output.spike_times_ms.length);
    ours.forEach((t, m) => expect(Math.abs(t - ref.output.spike_times_ms[m]!)).toBeLessThan(0.1 + 1e-9));
    ours.forEach((t, m) => expect(t).toBeCloseTo(ref.output.spike_times_ms[m]!, 9));
  });

  it('gives the same membrane trace (tolerance 1e-6 mV: the reference is printed to 9 decimals)', () => {
    const tr = net.getTrace('cell.v');
    const refV = ref.output.traces.v.data[0]!;
    let maxErr = 0;
    for (let m = 0; m < Math.min(refV.length, tr.data.length); m++) maxErr = Math.max(maxErr, Math.abs(tr.data[m]! - refV[m]!));
    expect(maxErr).toBeLessThan(1e-6);
  });
});
