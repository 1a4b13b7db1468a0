/**
 * The Env reachable from Python: remote/python/neuroloop_gym.py (stdlib + python3-msgpack) drives a
 * pendulum Env served with remote/serveEngine through EnvEngine, and its trajectory (seeded reset,
 * 205 steps through truncation, unseeded reset) equals the in-process BusEnv bit for bit.
 * Also: EnvEngine passes the engine conformance suite.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serveEngine } from '../../../remote/serve-engine.js';
import { BusEnv, EnvEngine } from '../../../experiments/env/index.js';
import { pendulumEnvSpec } from '../../../experiments/pendulum/pendulum-env.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PY = '/usr/bin/python3';
const hasPy = existsSync(PY) && spawnSync(PY, ['-c', 'import msgpack'], { encoding: 'utf8' }).status === 0;

const SCRIPT = `
import json, math, sys
sys.path.insert(0, ${JSON.stringify(join(root, 'remote/python'))})
from neuroloop_gym import NeuroloopEnv
env = NeuroloopEnv(sys.argv[1])
out = {"space": repr(env.action_space)}
obs, info = env.reset(seed=42)
traj = [[float(v) for v in obs]]
ends = []
for k in range(205):
    if k == 200:
        obs, info = env.reset()
        traj.append([float(v) for v in obs]); continue
    obs, r, term, trunc, info = env.step([0.9 * math.sin(0.1 * k)])
    traj.append([float(v) for v in obs] + [r])
    if term or trunc: ends.append([k, term, trunc])
out["traj"] = traj; out["ends"] = ends
try:
    env.step([5.0])
except Exception as e:
    out["error"] = str(e)
print(json.dumps(out))
env.close()
`;

describe('Python gymnasium shim over the remote protocol', () => {
  // Skipped only where Debian's python3 + python3-msgpack are missing; CI installs them.
  it.skipIf(!hasPy)('same trajectory as the in-process Env, bit for bit', async () => {
    const host = await serveEngine(new EnvEngine(new BusEnv(pendulumEnvSpec()), 'pendulum'));
    try {
      const res = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        // spawn asynchronously: the host runs in this process and must keep serving
        import('node:child_process').then(({ execFile }) => {
          execFile(PY, ['-c', SCRIPT, host.url], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => resolve({ status: err ? 1 : 0, stdout, stderr }));
        });
      });
      expect(res.stderr).toBe('');
      const py = JSON.parse(res.stdout) as { traj: number[][]; ends: [number, boolean, boolean][]; error: string; space: string };
      const env = new BusEnv(pendulumEnvSpec());
      const ref: number[][] = [Array.from((await env.reset({ seed: 42 })).observation)];
      for (let k = 0; k < 205; k++) {
        if (k === 200) {
          ref.push(Array.from((await env.reset()).observation));
          continue;
        }
        const s = await env.step([0.9 * Math.sin(0.1 * k)]);
        ref.push([...Array.from(s.observation), s.reward]);
      }
      await env.close();
      expect(py.traj).toEqual(ref);
      expect(py.ends).toEqual([[199, false, true]]);
      expect(py.error).toContain('action');
      expect(py.error).toContain('[-1, 1]');
    } finally {
      await host.close();
    }
  }, 90_000);
});

describeEngineConformance('EnvEngine (pendulum Env as an engine)', {
  create: () => new EnvEngine(new BusEnv(pendulumEnvSpec()), 'pendulum_env'),
  inputs: (k) => ({ action: Float64Array.of(Math.sin(k)) }),
});
