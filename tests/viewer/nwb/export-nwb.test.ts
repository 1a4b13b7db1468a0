/**
 * NWB export: the file is read back with h5wasm (structure, NWB typing, every spike time, trial and
 * trace value against what the run folder holds), then independently with Debian's h5py, and with
 * pynwb + Neo where pynwb is importable (Debian ships python3-neo and python3-hdmf but no pynwb;
 * Neo's NWBIO needs it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import h5wasm from 'h5wasm/node';
import type { Dataset, Group } from 'h5wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { exportNwb } from '../../../viewer/nwb/index.js';
import { braitenbergRun, eyeblinkRun, type FixtureTruth } from '../run-fixtures.js';

const PY = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'read-nwb.py');
const hasPy = (mod: string): boolean => {
  if (!existsSync(PY)) return false;
  try {
    execFileSync(PY, ['-c', `import ${mod}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Spike times (s) of each neuron, in recorded order, from the fixture's ground truth. */
function perNeuron(truth: FixtureTruth, key: string): number[][] {
  const s = truth.spikes[key];
  if (s === undefined) throw new Error(key);
  const per: number[][] = Array.from({ length: s.size }, () => []);
  s.t.forEach((t, i) => (per[s.id[i] as number] as number[]).push(t / 1e9));
  return per;
}

describe('exportNwb (eye-blink run)', () => {
  const truth = eyeblinkRun(4, 21);
  const out = join(mkdtempSync(join(tmpdir(), 'nl-nwb-')), 'eyeblink.nwb');
  let res: Awaited<ReturnType<typeof exportNwb>>;

  beforeAll(async () => {
    res = await exportNwb(truth.dir, out);
    await h5wasm.ready;
  });

  it('reports what it wrote', () => {
    expect(res.units).toBe(40);
    expect(res.spikes).toBe(truth.spikes['brain.pc']?.t.length);
    expect(res.behavior).toEqual(['body.eyelid']);
    expect(res.acquisition).toEqual([]);
    expect(res.intervals).toEqual(['trials', 'epochs', 'events_env_stimuli']);
  });

  it('h5wasm reads back an NWB 2.7 file with typed objects', () => {
    const f = new h5wasm.File(out, 'r');
    try {
      expect(f.get_attribute('neurodata_type', true)).toBe('NWBFile');
      expect(f.get_attribute('nwb_version', true)).toBe('2.7.0');
      expect(String(f.get_attribute('object_id', true))).toMatch(/^[0-9a-f-]{36}$/);
      for (const p of ['identifier', 'session_description', 'session_start_time', 'timestamps_reference_time', 'file_create_date']) expect(f.get(p)).not.toBeNull();
      const units = f.get('units') as Group;
      expect(units.get_attribute('neurodata_type', true)).toBe('Units');
      expect(units.get_attribute('colnames', true)).toEqual(['spike_times', 'obs_intervals', 'population', 'neuron']);
      const idx = units.get('spike_times_index') as Dataset;
      expect(idx.get_attribute('neurodata_type', true)).toBe('VectorIndex');
      expect(idx.attrs.target?.shape).toEqual([]); // scalar reference (hdmf rejects an array of one)
      // h5wasm returns a scalar reference attribute wrapped in a one-element array.
      const ref = idx.attrs.target?.value as unknown as unknown[];
      const target = idx.dereference(ref[0] as never) as unknown as Dataset;
      expect(target.path).toBe('/units/spike_times');
    } finally {
      f.close();
    }
  });

  it('every spike time of every neuron round-trips exactly (ns → s)', () => {
    const f = new h5wasm.File(out, 'r');
    try {
      const times = (f.get('units/spike_times') as Dataset).value as Float64Array;
      const ends = (f.get('units/spike_times_index') as Dataset).value as Uint32Array;
      const neuron = (f.get('units/neuron') as Dataset).value as Int32Array;
      const pop = (f.get('units/population') as Dataset).value as string[];
      const want = perNeuron(truth, 'brain.pc');
      for (let u = 0; u < ends.length; u++) {
        const lo = u === 0 ? 0 : (ends[u - 1] as number);
        expect(Array.from(times.subarray(lo, ends[u] as number))).toEqual(want[neuron[u] as number]);
        expect(pop[u]).toBe('brain.pc');
      }
      const obs = (f.get('units/obs_intervals') as Dataset).value as Float64Array;
      expect(Array.from(obs.subarray(0, 8))).toEqual([0, 0.5, 0.5, 1, 1, 1.5, 1.5, 2]); // the 4 trials
    } finally {
      f.close();
    }
  });

  it('trials, epochs, events and the eyelid trace match the run folder', () => {
    const f = new h5wasm.File(out, 'r');
    try {
      expect(Array.from((f.get('intervals/trials/start_time') as Dataset).value as Float64Array)).toEqual(truth.trials.map((t) => t.startNs / 1e9));
      expect((f.get('intervals/trials/phase') as Dataset).value).toEqual(truth.trials.map((t) => t.phase));
      expect(Array.from((f.get('intervals/epochs/start_time') as Dataset).value as Float64Array)).toEqual([0, 1]); // baseline, acquisition
      expect((f.get('intervals/events_env_stimuli/type') as Dataset).value).toEqual(truth.events['env.stimuli']?.e.map((e) => e.type));
      const lid = f.get('processing/behavior/BehavioralTimeSeries/body.eyelid') as Group;
      expect(lid.get_attribute('neurodata_type', true)).toBe('TimeSeries');
      expect(Array.from((lid.get('data') as Dataset).value as Float64Array)).toEqual(truth.analog['body.eyelid']?.v);
      expect(Array.from((lid.get('timestamps') as Dataset).value as Float64Array)).toEqual(truth.analog['body.eyelid']?.t.map((t) => t / 1e9));
      expect((lid.get('data') as Dataset).get_attribute('unit', true)).toBe('1');
    } finally {
      f.close();
    }
  });

  it('refuses to overwrite an existing file unless asked', async () => {
    await expect(exportNwb(truth.dir, out)).rejects.toThrow(ValidationError);
  });

  // Debian's python3-h5py is the independent HDF5 reader; skipped only where it is not installed.
  it.skipIf(!hasPy('h5py'))('Debian h5py reads the same units, trials and series', () => {
    const r = JSON.parse(execFileSync(PY, [SCRIPT, out], { encoding: 'utf8' })) as {
      root: Record<string, string>; target_is_scalar_ref: boolean; units: number; spike_counts: number[]; spike_time_sum: number;
      first_unit_times: number[]; trials: { start_time: number[]; phase: string[] }; series: Record<string, { shape: number[]; sum: number; unit: string }>;
    };
    expect(r.root.neurodata_type).toBe('NWBFile');
    expect(r.target_is_scalar_ref).toBe(true);
    const want = perNeuron(truth, 'brain.pc');
    expect(r.spike_counts).toEqual(want.map((x) => x.length));
    expect(r.first_unit_times).toEqual(want[0]);
    expect(r.spike_time_sum).toBeCloseTo(want.flat().reduce((a, b) => a + b, 0), 9);
    expect(r.trials.phase).toEqual(truth.trials.map((t) => t.phase));
    expect(r.series['processing/behavior/BehavioralTimeSeries/body.eyelid']?.shape).toEqual([2000]);
  });

  // Neo's NWBIO needs pynwb, which Debian does not package; runs wherever pynwb is importable.
  it.skipIf(!hasPy('pynwb') || !hasPy('neo'))('Neo reads the spike trains and signals', () => {
    const r = JSON.parse(execFileSync(PY, [SCRIPT, out], { encoding: 'utf8' })) as { neo: { spiketrains: number; spikes: number; signals: number } };
    expect(r.neo.spiketrains).toBe(40);
    expect(r.neo.spikes).toBe(truth.spikes['brain.pc']?.t.length);
  });
});

describe('exportNwb (Braitenberg run)', () => {
  it('writes the pose and wheel series as behaviour with their shape and units', async () => {
    const truth = braitenbergRun(9);
    const out = join(mkdtempSync(join(tmpdir(), 'nl-nwb-')), 'braitenberg.nwb');
    const res = await exportNwb(truth.dir, out);
    expect(res.behavior).toEqual(['body.pose', 'body.wheels']);
    expect(res.units).toBe(8);
    const f = new h5wasm.File(out, 'r');
    try {
      const pose = f.get('processing/behavior/BehavioralTimeSeries/body.pose/data') as Dataset;
      expect(pose.shape).toEqual([400, 3]);
      expect(pose.get_attribute('unit', true)).toBe('m');
      expect(Array.from(pose.value as Float64Array)).toEqual(truth.analog['body.pose']?.v);
    } finally {
      f.close();
    }
  });
});
