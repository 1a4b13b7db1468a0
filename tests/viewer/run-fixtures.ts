/**
 * Writes run folders in the runner's format (experiment.json, status.json, metrics.json,
 * timing.json, recording/index.json + <engine>.<port>.ndjson chunks + trials.ndjson) for the
 * viewer tests, shaped like an eye-blink conditioning run and a Braitenberg vehicle run. Data are
 * generated from closed-form signals with a seeded PRNG so tests know exactly what was written.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../core/random.js';

/** What a fixture wrote (the ground truth the tests compare against). */
export interface FixtureTruth {
  readonly dir: string;
  readonly spikes: Record<string, { t: number[]; id: number[]; size: number }>;
  readonly analog: Record<string, { t: number[]; v: number[]; width: number; unit?: string }>;
  readonly events: Record<string, { t: number[]; e: Record<string, unknown>[] }>;
  readonly trials: { trial: number; phase: string; startNs: number; endNs: number; params: Record<string, unknown> }[];
}

function writeRun(
  name: string, seed: number, metrics: unknown, truth: Omit<FixtureTruth, 'dir'>, chunkNs: number, dir?: string,
): FixtureTruth {
  const d = dir ?? mkdtempSync(join(tmpdir(), `nl-${name}-`));
  mkdirSync(join(d, 'recording'), { recursive: true });
  mkdirSync(join(d, 'plots'), { recursive: true });
  const endNs = Math.max(...truth.trials.map((t) => t.endNs));
  writeFileSync(join(d, 'experiment.json'), JSON.stringify({ name, seed, params: { trials: truth.trials.length }, desc: {}, versions: { node: 'test' }, gitCommit: null }));
  writeFileSync(join(d, 'status.json'), JSON.stringify({ state: 'completed', simTimeNs: endNs, wallMs: 1234, trialsDone: truth.trials.length, trialsTotal: truth.trials.length }));
  writeFileSync(join(d, 'metrics.json'), JSON.stringify(metrics));
  writeFileSync(join(d, 'timing.json'), JSON.stringify({ syncs: 100, wallMs: 1234, realTimeFactor: 2.5, latencies: [] }));
  const streams: Record<string, unknown>[] = [];
  const chunked = <T>(t: number[], per: (lo: number, hi: number) => T): T[] => {
    const out: T[] = [];
    let lo = 0;
    while (lo < t.length) {
      const c0 = Math.floor((t[lo] as number) / chunkNs);
      let hi = lo;
      while (hi < t.length && Math.floor((t[hi] as number) / chunkNs) === c0) hi++;
      out.push(per(lo, hi));
      lo = hi;
    }
    return out;
  };
  for (const [key, s] of Object.entries(truth.spikes)) {
    streams.push({ key, kind: 'spikes', size: s.size, file: `${key}.ndjson` });
    writeFileSync(join(d, 'recording', `${key}.ndjson`), chunked(s.t, (lo, hi) => `${JSON.stringify({ t: s.t.slice(lo, hi), id: s.id.slice(lo, hi) })}\n`).join(''));
  }
  for (const [key, s] of Object.entries(truth.analog)) {
    streams.push({ key, kind: 'analog', shape: [s.width], ...(s.unit ? { unit: s.unit } : {}), file: `${key}.ndjson` });
    writeFileSync(join(d, 'recording', `${key}.ndjson`), chunked(s.t, (lo, hi) => `${JSON.stringify({ t: s.t.slice(lo, hi), v: s.v.slice(lo * s.width, hi * s.width) })}\n`).join(''));
  }
  for (const [key, s] of Object.entries(truth.events)) {
    streams.push({ key, kind: 'events', file: `${key}.ndjson` });
    writeFileSync(join(d, 'recording', `${key}.ndjson`), chunked(s.t, (lo, hi) => `${JSON.stringify({ t: s.t.slice(lo, hi), e: s.e.slice(lo, hi) })}\n`).join(''));
  }
  writeFileSync(join(d, 'recording', 'index.json'), JSON.stringify({ streams }));
  writeFileSync(join(d, 'recording', 'trials.ndjson'), truth.trials.map((t) => `${JSON.stringify({ ...t, completed: true })}\n`).join(''));
  return { dir: d, ...truth };
}

const MS = 1_000_000;

/**
 * Eye-blink conditioning run: `nTrials` trials of 500 ms (tone at 100 ms for 280 ms, puff at
 * 350 ms); Purkinje cells (`brain.pc`, 40 neurons) fire Poisson at 60 Hz with a pause before the
 * puff that deepens over trials; the eyelid (`body.eyelid`, 1 ms samples, 0..1 closure) shows a
 * growing conditioned response and the unconditioned blink.
 */
export function eyeblinkRun(nTrials = 6, seed = 7, dir?: string): FixtureTruth {
  const rng = new Rng(seed);
  const trialNs = 500 * MS;
  const pc = { t: [] as number[], id: [] as number[], size: 40 };
  const lid = { t: [] as number[], v: [] as number[], width: 1, unit: '1' };
  const stim = { t: [] as number[], e: [] as Record<string, unknown>[] };
  const trials: FixtureTruth['trials'] = [];
  const blocks: Record<string, unknown>[] = [];
  for (let k = 0; k < nTrials; k++) {
    const t0 = k * trialNs;
    const learn = k / Math.max(1, nTrials - 1);
    trials.push({ trial: k, phase: k < 2 ? 'baseline' : 'acquisition', startNs: t0, endNs: t0 + trialNs, params: { isiMs: 250 } });
    stim.t.push(t0 + 100 * MS, t0 + 350 * MS);
    stim.e.push({ type: 'tone', durationMs: 280 }, { type: 'puff', durationMs: 30 });
    for (let ms = 0; ms < 500; ms++) {
      const pause = ms > 200 && ms < 350 ? learn : 0;
      const rate = 60 * (1 - 0.9 * pause);
      for (let n = 0; n < pc.size; n++) {
        if (rng.float() < rate / 1000) {
          pc.t.push(t0 + ms * MS + (n % 10) * 10_000);
          pc.id.push(n);
        }
      }
      const cr = ms > 250 && ms <= 350 ? learn * ((ms - 250) / 100) : ms > 350 ? learn * Math.exp(-(ms - 350) / 50) : 0;
      const ur = ms >= 360 ? Math.exp(-(ms - 360) / 40) * (1 - Math.exp(-(ms - 360) / 5)) : 0;
      lid.t.push(t0 + ms * MS);
      lid.v.push(Math.min(1, cr + ur));
    }
  }
  // Spike times within a ms are offset per neuron, so sort globally by time for the recording.
  const order = pc.t.map((_, i) => i).sort((a, b) => (pc.t[a] as number) - (pc.t[b] as number) || a - b);
  const spikes = { t: order.map((i) => pc.t[i] as number), id: order.map((i) => pc.id[i] as number), size: pc.size };
  for (let b = 0; b < nTrials / 2; b++) blocks.push({ block: b, crPercent: 100 * (b / (nTrials / 2 - 1 || 1)), crAmplitude: 0.5 * b });
  const metrics = { summary: { crPercentLastBlock: 100, trials: nTrials }, blocks, trials: trials.map((t) => ({ trial: t.trial, cr: t.trial >= 2 ? 1 : 0 })) };
  return writeRun('eyeblink', seed, metrics, { spikes: { 'brain.pc': spikes }, analog: { 'body.eyelid': lid }, events: { 'env.stimuli': stim }, trials }, 100 * MS, dir);
}

/**
 * Braitenberg vehicle run: a two-wheeled vehicle (`body.pose` = x, y, heading at 10 ms) drives
 * towards a light along a spiral; `brain.sensors` (8 neurons) fire with rates rising near the light;
 * `body.wheels` are the wheel speeds. Two trials, metrics per trial.
 */
export function braitenbergRun(seed = 3, dir?: string): FixtureTruth {
  const rng = new Rng(seed);
  const pose = { t: [] as number[], v: [] as number[], width: 3, unit: 'm' };
  const wheels = { t: [] as number[], v: [] as number[], width: 2, unit: 'rad/s' };
  const spk = { t: [] as number[], id: [] as number[], size: 8 };
  const trials: FixtureTruth['trials'] = [];
  for (let k = 0; k < 2; k++) {
    const t0 = k * 2000 * MS;
    trials.push({ trial: k, phase: 'approach', startNs: t0, endNs: t0 + 2000 * MS, params: { light: k } });
    for (let s = 0; s < 200; s++) {
      const u = s / 200;
      const r = 1 - 0.9 * u;
      const th = 4 * u + k;
      pose.t.push(t0 + s * 10 * MS);
      pose.v.push(r * Math.cos(th), r * Math.sin(th), th + Math.PI / 2);
      wheels.t.push(t0 + s * 10 * MS);
      wheels.v.push(2 + u, 2 + 2 * u);
      for (let n = 0; n < spk.size; n++) {
        if (rng.float() < (5 + 80 * u) / 100) {
          spk.t.push(t0 + s * 10 * MS + n * 1000);
          spk.id.push(n);
        }
      }
    }
  }
  const metrics = { summary: { reached: 2, meanTimeToLightS: 1.9 }, trials: [{ trial: 0, timeToLightS: 1.95, finalDistanceM: 0.1 }, { trial: 1, timeToLightS: 1.85, finalDistanceM: 0.08 }] };
  return writeRun('braitenberg', seed, metrics, { spikes: { 'brain.sensors': spk }, analog: { 'body.pose': pose, 'body.wheels': wheels }, events: {}, trials }, 500 * MS, dir);
}

/** The trajectory plot a Braitenberg experiment passes as an extra spec (x–y path, ordered by time). */
export function trajectorySpec(truth: FixtureTruth): Record<string, unknown> {
  const p = truth.analog['body.pose'];
  const values = (p?.t ?? []).map((t, i) => ({ t: t / 1e6, x: p?.v[3 * i], y: p?.v[3 * i + 1] }));
  return {
    title: 'Vehicle trajectory', width: 300, height: 300, data: { values },
    mark: { type: 'line', point: false },
    encoding: { x: { field: 'x', type: 'quantitative', title: 'x (m)' }, y: { field: 'y', type: 'quantitative', title: 'y (m)' }, order: { field: 't' } },
  };
}
