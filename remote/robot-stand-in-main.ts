/**
 * Process entry of the robot stand-in: a simulated body on its own wall clock behind the robot
 * agent, with injected network faults. Prints one JSON line `{"url": ...}` when listening.
 *   node --import tsx remote/robot-stand-in-main.ts [--name robot] [--dt-ns 1000000]
 *     [--latency-ms 0] [--jitter-ms 0] [--loss 0] [--disconnect-after-ms N] [--seed 1] [--port 0]
 * The body is a 2-channel MockEngine until bodies/ provides robots (then: a pendulum or arm).
 */
import { MockEngine } from '../core/testing/mock-engine.js';
import { BodyStandIn } from './body-stand-in.js';
import { serveRobot } from './robot-agent.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const num = (name: string, dflt: number): number => {
  const v = arg(name);
  return v === undefined ? dflt : Number(v);
};

const name = arg('name') ?? 'robot';
const dtNs = num('dt-ns', 1_000_000);
const body = new MockEngine({ name: `${name}-body`, dtNs, channels: 2, tauMs: 20 });
const io = new BodyStandIn(body, { seed: num('seed', 1) });
const disconnect = arg('disconnect-after-ms');
const host = await serveRobot(io, { name, dtNs }, {
  port: num('port', 0),
  inject: {
    latencyMs: num('latency-ms', 0),
    jitterMs: num('jitter-ms', 0),
    lossProbability: num('loss', 0),
    seed: num('seed', 1),
    ...(disconnect !== undefined ? { disconnectAfterMs: Number(disconnect) } : {}),
  },
});
process.stdout.write(`${JSON.stringify({ url: host.url, name, dtNs })}\n`);
const stop = (): void => {
  process.stderr.write(`stand-in: ${JSON.stringify({ ...host.stats, body: io.stats })}\n`);
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
