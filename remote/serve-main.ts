/**
 * Process entry: serves one engine over the remote protocol and prints one JSON line
 * `{"url": ...}` on stdout once listening; exits on SIGINT/SIGTERM after closing the host.
 *   node --import tsx remote/serve-main.ts --engine mock [--channels 4] [--dt-ns 1000000] [--port 0]
 * Engines are chosen from an explicit table (nothing is loaded by name from the network).
 */
import { MockEngine } from '../core/testing/mock-engine.js';
import type { Engine } from '../core/engine.js';
import { serveEngine } from './serve-engine.js';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : dflt;
}

const factories: Record<string, () => Engine> = {
  mock: () => new MockEngine({ name: arg('name', 'mock'), dtNs: Number(arg('dt-ns', '1000000')), channels: Number(arg('channels', '4')) }),
};

const kind = arg('engine', 'mock');
const make = factories[kind];
if (make === undefined) {
  process.stderr.write(`unknown engine '${kind}'; known: ${Object.keys(factories).join(', ')}\n`);
  process.exit(2);
}
const host = await serveEngine(make(), { port: Number(arg('port', '0')), ...(process.env.NEUROLOOP_TOKEN ? { token: process.env.NEUROLOOP_TOKEN } : {}), host: arg('host', '127.0.0.1') });
process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
const stop = (): void => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
