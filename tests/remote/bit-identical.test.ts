/**
 * A closed-loop experiment (MockEngine plant ⇄ stochastic mean-field brain, two trials with a
 * reset) run by the experiment runner afap, once with the brain in-process and once with the brain
 * in another process behind RemoteEngine: every recorded stream must be bit-identical.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import { MockEngine } from '../../core/testing/mock-engine.js';
import { msToNs } from '../../core/time.js';
import { defineTransceiver } from '../../core/transceiver.js';
import { defineExperiment } from '../../experiments/framework/define-experiment.js';
import { readStream, readStreamIndex } from '../../experiments/framework/run-folder.js';
import { runExperiment } from '../../experiments/framework/runner.js';
import { RemoteEngine } from '../../remote/remote-engine.js';
import { type ChildHost, spawnHost } from '../../remote/spawn-host.js';
import { makeBrain } from './fixtures/brain.js';

const dirs: string[] = [];
let child: ChildHost | undefined;
afterAll(async () => {
  await child?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function loopExperiment(brain: () => Promise<Engine>) {
  return defineExperiment({
    name: 'remote-determinism',
    description: 'plant ⇄ mean-field brain',
    params: z.strictObject({}),
    async build() {
      const plant = new MockEngine({ name: 'plant', dtNs: msToNs(1), channels: 2, tauMs: 5 });
      return {
        engines: [plant, await brain()],
        transceivers: [
          defineTransceiver({ name: 'sense', reads: ['plant.x'], writes: ['brain.drive'], fn: (i) => ({ 'brain.drive': new Float64Array(6).fill(0.05 * ((i['plant.x'] as Float64Array)[0] as number)) }) }),
          defineTransceiver({ name: 'act', reads: ['brain.rate'], writes: ['plant.drive'], fn: (i) => {
            const r = i['brain.rate'] as Float64Array;
            return { 'plant.drive': Float64Array.of(0.2 * (r[0] as number), 0.2 * (r[3] as number)) };
          } }),
        ],
        protocol: { phases: [{ name: 'main', trials: 2, trialMs: 150 }] },
        record: [{ port: 'plant.x' }, { port: 'plant.noise' }, { port: 'brain.rate' }, { port: 'brain.state', everyMs: 1 }, { port: 'plant.spikes' }, { port: 'plant.events' }],
        metrics: () => ({ summary: {} }),
      };
    },
  });
}

describe('in-process vs remote brain', () => {
  it('gives bit-identical recordings (afap, 2 trials with reset)', async () => {
    const a = mkdtempSync(join(tmpdir(), 'nl-local-'));
    const b = mkdtempSync(join(tmpdir(), 'nl-remote-'));
    dirs.push(a, b);
    const local = await runExperiment(loopExperiment(async () => makeBrain()), { seed: 42 }, { outDir: a });
    expect(local.state).toBe('completed');
    child = await spawnHost(process.execPath, ['--import', 'tsx', 'tests/remote/fixtures/serve-brain.ts']);
    const url = child.url;
    const remote = await runExperiment(loopExperiment(() => RemoteEngine.connect({ url })), { seed: 42 }, { outDir: b });
    expect(remote.error?.message).toBeUndefined();
    expect(remote.state).toBe('completed');
    const keys = readStreamIndex(a).map((s) => s.key).sort();
    expect(readStreamIndex(b).map((s) => s.key).sort()).toEqual(keys);
    let samples = 0;
    for (const k of keys) {
      const x = readStream(a, k);
      const y = readStream(b, k);
      expect(y.t, k).toEqual(x.t);
      expect(y.values, k).toEqual(x.values); // toEqual on numbers: exact (Object.is semantics for NaN/-0 aside)
      expect(y.events, k).toEqual(x.events);
      samples += x.values.length;
    }
    expect(samples).toBeGreaterThan(1000);
    // the brain actually influenced the plant (the loop is closed), and noise is seeded
    const px = readStream(a, 'plant.x').values;
    expect(Math.max(...px.map(Math.abs))).toBeGreaterThan(0);
    // a different seed gives different recordings, so equality above is not vacuous
    const c = mkdtempSync(join(tmpdir(), 'nl-local-'));
    dirs.push(c);
    await runExperiment(loopExperiment(async () => makeBrain()), { seed: 43 }, { outDir: c });
    expect(readStream(c, 'brain.rate').values).not.toEqual(readStream(a, 'brain.rate').values);
  }, 60_000);
});
