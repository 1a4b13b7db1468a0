/**
 * SIGINT/SIGTERM during a realtime run with a remote robot: the bus stops at a sync point, the run
 * folder is flushed and marked interrupted, the remote engine is disposed cleanly (no fault), and
 * the stand-in keeps serving.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStream } from '../../experiments/framework/run-folder.js';
import { msToNs } from '../../core/time.js';
import { RemoteEngine } from '../../remote/remote-engine.js';
import { type ChildHost, spawnHost } from '../../remote/spawn-host.js';

let standIn: ChildHost | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await standIn?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('clean shutdown with a remote engine', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} flushes the run folder and disposes the remote engine`, async () => {
      standIn ??= await spawnHost(process.execPath, ['--import', 'tsx', 'remote/robot-stand-in-main.ts']);
      const dir = join(mkdtempSync(join(tmpdir(), 'nl-sig-')), 'run');
      dirs.push(dir);
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/remote/fixtures/run-remote.ts', standIn.url, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const file = join(dir, 'recording', 'robot.x.ndjson');
      const t0 = Date.now();
      while (!(existsSync(file) && statSync(file).size > 5_000) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
      child.kill(signal);
      await new Promise((r) => child.on('exit', r));
      const last = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { state: string; faults: unknown[] };
      expect(last.state).toBe('interrupted');
      expect(last.faults).toEqual([]);
      const status = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as { state: string; simTimeNs: number };
      expect(status.state).toBe('interrupted');
      const x = readStream(dir, 'robot.x');
      expect(x.truncated).toBe(false);
      expect(x.t.length).toBeGreaterThan(50);
      // the stand-in is free again for the next client
      const again = await RemoteEngine.connect({ url: standIn.url });
      await again.init({ seed: 1, startNs: 0, log: () => undefined });
      await again.advance(msToNs(1), {});
      await again.dispose();
    }, 60_000);
  }
});
