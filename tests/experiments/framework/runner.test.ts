import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import demo from '../../../experiments/demo/index.js';
import { readStream, readTrials } from '../../../experiments/framework/run-folder.js';
import { expandTrials, runExperiment } from '../../../experiments/framework/runner.js';
import { ProtocolDescSchema, parseOrThrow } from '../../../experiments/framework/schema.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'neuroloop-'));
const recordingFiles = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const f of readdirSync(join(dir, 'recording'))) out[f] = readFileSync(join(dir, 'recording', f), 'utf8');
  return out;
};

describe('runner', () => {
  it('reaches the closed-form fixed point of the demo loop', async () => {
    const res = await runExperiment(demo, { seed: 3, set: { trialMs: 400 } });
    expect(res.state).toBe('completed');
    const s = res.metrics.summary as { final: number; expected: number };
    // Exact discrete loop converges geometrically; after 400 ms the residual is far below 1e-9.
    expect(Math.abs(s.final - s.expected)).toBeLessThan(1e-9);
  });

  it('gives bit-identical recordings for two runs with the same seed', async () => {
    const a = tmp();
    const b = tmp();
    await runExperiment(demo, { seed: 42 }, { outDir: join(a, 'run') });
    await runExperiment(demo, { seed: 42 }, { outDir: join(b, 'run') });
    const fa = recordingFiles(join(a, 'run'));
    const fb = recordingFiles(join(b, 'run'));
    expect(Object.keys(fa).length).toBeGreaterThan(3);
    expect(fb).toEqual(fa);
    // A different seed changes the noise stream (the seed is really used) but not the deterministic loop.
    const c = tmp();
    await runExperiment(demo, { seed: 43 }, { outDir: join(c, 'run') });
    const fc = recordingFiles(join(c, 'run'));
    expect(fc['plant.x.ndjson']).toEqual(fa['plant.x.ndjson']);
    expect(fc['plant.noise.ndjson']).not.toEqual(fa['plant.noise.ndjson']);
  });

  it('writes a complete run folder with one monotonic time axis across trials', async () => {
    const d = join(tmp(), 'run');
    await runExperiment(demo, { seed: 1, trials: 2 }, { outDir: d });
    for (const f of ['experiment.json', 'status.json', 'metrics.json', 'timing.json', 'recording/index.json']) expect(existsSync(join(d, f))).toBe(true);
    const status = JSON.parse(readFileSync(join(d, 'status.json'), 'utf8')) as { state: string; trialsDone: number };
    expect(status).toMatchObject({ state: 'completed', trialsDone: 2 });
    const x = readStream(d, 'plant.x');
    expect(x.t.length).toBe(2 * 201);
    for (let i = 1; i < x.t.length; i++) expect(x.t[i] as number).toBeGreaterThanOrEqual(x.t[i - 1] as number);
    const ctrl = readStream(d, 'ctrl.x');
    expect(ctrl.t.length).toBe(2 * 201); // decimated to 1 ms from 0.1 ms
    expect(readTrials(d).map((t) => t.startNs)).toEqual([0, 200e6]);
    const exp = JSON.parse(readFileSync(join(d, 'experiment.json'), 'utf8')) as { latencies: unknown[]; versions: Record<string, string> };
    expect(exp.latencies).toHaveLength(2);
    expect(exp.versions.rxjs).toBeDefined();
  });

  it('a killed run leaves a readable run folder', async () => {
    const d = join(tmp(), 'run');
    const child = spawn(process.execPath, ['bin/neuroloop.mjs', 'run', 'demo', '--quiet', '--out', d, '--set', 'trials=1000', '--set', 'trialMs=1000'], { stdio: 'ignore' });
    // Wait until some chunks are on disk, then kill hard (no chance to flush).
    const file = join(d, 'recording', 'plant.x.ndjson');
    const t0 = Date.now();
    while (!(existsSync(file) && statSync(file).size > 50_000) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const x = readStream(d, 'plant.x');
    expect(x.t.length).toBeGreaterThan(100);
    expect(x.values.length).toBe(x.t.length);
    const status = JSON.parse(readFileSync(join(d, 'status.json'), 'utf8')) as { state: string };
    expect(status.state).toBe('running');
  }, 60_000);

  it('SIGINT stops the run cleanly and marks it interrupted', async () => {
    const d = join(tmp(), 'run');
    const child = spawn(process.execPath, ['bin/neuroloop.mjs', 'run', 'demo', '--quiet', '--out', d, '--set', 'trials=1000', '--set', 'trialMs=1000'], { stdio: 'ignore' });
    const file = join(d, 'recording', 'plant.x.ndjson');
    const t0 = Date.now();
    while (!(existsSync(file) && statSync(file).size > 20_000) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(130);
    const status = JSON.parse(readFileSync(join(d, 'status.json'), 'utf8')) as { state: string };
    expect(status.state).toBe('interrupted');
    expect(readStream(d, 'plant.x').truncated).toBe(false);
  }, 60_000);
});

describe('descriptor validation names the field and the fix', () => {
  const phase = { name: 'acq', trials: 10, trialMs: 1000 };
  const cases: [string, unknown, RegExp][] = [
    ['no phases', { phases: [] }, /protocol\.phases/],
    ['missing trialMs', { phases: [{ name: 'a', trials: 1 }] }, /protocol\.phases\[0\]\.trialMs/],
    ['negative trialMs', { phases: [{ ...phase, trialMs: -5 }] }, /protocol\.phases\[0\]\.trialMs/],
    ['fractional trials', { phases: [{ ...phase, trials: 2.5 }] }, /protocol\.phases\[0\]\.trials/],
    ['bad phase name', { phases: [{ ...phase, name: 'has space' }] }, /protocol\.phases\[0\]\.name/],
    ['typo key', { phases: [{ ...phase, trails: 3 }] }, /trails/],
    ['bad reset mode', { phases: [phase], reset: 'sometimes' }, /protocol\.reset/],
    ['event without duration', { phases: [{ ...phase, events: [{ type: 'cs', atMs: 100 }] }] }, /events\[0\]\.durationMs/],
    ['event negative time', { phases: [{ ...phase, events: [{ type: 'cs', atMs: -1, durationMs: 5 }] }] }, /events\[0\]\.atMs/],
    ['trialMs as string', { phases: [{ ...phase, trialMs: '1000' }] }, /trialMs.*number/],
    ['keep not a list', { phases: [phase], keep: { brain: { keep: 'weights' } } }, /protocol\.keep\.brain\.keep/],
  ];
  for (const [what, value, re] of cases) {
    it(what, () => {
      let err: unknown;
      try {
        parseOrThrow(ProtocolDescSchema, value, 'protocol');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).toMatch(/Fix: /);
    });
  }

  it('bad --set values and run options are rejected with the field named', async () => {
    await expect(runExperiment(demo, { set: { gain: -1 } })).rejects.toThrow(/params\.gain/);
    await expect(runExperiment(demo, { set: { gian: 2 } })).rejects.toThrow(/gian/);
    await expect(runExperiment(demo, { seed: -3 })).rejects.toThrow(/options\.seed/);
    await expect(runExperiment(demo, { pacing: { mode: 'realtime', factor: 0 } })).rejects.toThrow(/options\.pacing\.factor/);
  });

  it('expands per-trial overrides and truncates with --trials', () => {
    const p = parseOrThrow(ProtocolDescSchema, {
      phases: [
        { name: 'a', trials: 2, trialMs: 10, events: [{ type: 'cs', atMs: 1, durationMs: 2 }], perTrial: [{ params: { x: 1 } }] },
        { name: 'b', trials: 3, trialMs: 20 },
      ],
    }, 'protocol');
    const t = expandTrials(p, 4);
    expect(t.map((x) => [x.phase, x.indexInPhase, x.durationNs])).toEqual([['a', 0, 10e6], ['a', 1, 10e6], ['b', 0, 20e6], ['b', 1, 20e6]]);
    expect(t[0]?.params).toEqual({ x: 1 });
    expect(t[0]?.events).toEqual([{ type: 'cs', startNs: 1e6, endNs: 3e6 }]);
  });
});
