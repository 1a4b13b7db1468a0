/**
 * Serves one Env over the remote protocol so Python's `remote/python/neuroloop_gym.py` (or any
 * client of remote/) can drive it; prints one JSON line `{"url": ...}` once listening.
 *   npx tsx experiments/env/serve-env.ts --env pendulum [--port 0] [--host 127.0.0.1]
 * Envs come from an explicit table (nothing is loaded by name from the network). NEUROLOOP_TOKEN
 * sets the auth token (required by the host for non-loopback binds).
 */
import { serveEngine } from '../../remote/serve-engine.js';
import { pendulumEnvSpec } from '../pendulum/pendulum-env.js';
import { BusEnv } from './bus-env.js';
import type { EnvSpec } from './bus-env.js';
import { EnvEngine } from './env-engine.js';

const envs: Record<string, () => EnvSpec> = { pendulum: () => pendulumEnvSpec() };

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : dflt;
}

const kind = arg('env', 'pendulum');
const spec = envs[kind];
if (spec === undefined) {
  process.stderr.write(`unknown env '${kind}'; known: ${Object.keys(envs).join(', ')}\n`);
  process.exit(2);
}
const host = await serveEngine(new EnvEngine(new BusEnv(spec()), kind), {
  port: Number(arg('port', '0')),
  host: arg('host', '127.0.0.1'),
  ...(process.env.NEUROLOOP_TOKEN ? { token: process.env.NEUROLOOP_TOKEN } : {}),
});
process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
const stop = (): void => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
