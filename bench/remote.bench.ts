/**
 * `npm run bench -- remote [--json] [--steps N] [--runs R]`: one engine (a 4-channel MockEngine,
 * dt 1 ms) in a closed loop through one transceiver, run afap by the bus (a) in-process and (b)
 * served by another Node process over loopback websocket (RemoteEngine ⇄ serveEngine). Reports sync
 * points per second for both and their ratio, the advance round trip (p50/p99, µs) and the bare
 * heartbeat round trip. Median over R runs (default 5); both variants are measured in the same run.
 * Floors from issue 9: p50 round trip ≤ 200 µs, ≥ 5,000 sync points/s for one remote engine.
 */
import os from 'node:os';
import { Bus } from '../core/bus.js';
import type { Engine } from '../core/engine.js';
import { MockEngine } from '../core/testing/mock-engine.js';
import { msToNs } from '../core/time.js';
import { defineTransceiver } from '../core/transceiver.js';
import { RemoteEngine } from '../remote/remote-engine.js';
import { spawnHost } from '../remote/spawn-host.js';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

async function runLoop(engine: Engine, steps: number): Promise<number> {
  const feedback = defineTransceiver({
    name: 'feedback',
    reads: ['mock.x'],
    writes: ['mock.drive'],
    fn: (i) => {
      const x = i['mock.x'] as Float64Array;
      const d = new Float64Array(x.length);
      for (let k = 0; k < x.length; k++) d[k] = 1 - (x[k] as number);
      return { 'mock.drive': d };
    },
  });
  const bus = new Bus({ engines: [engine], transceivers: [feedback], seed: 1 });
  await bus.init();
  const t0 = performance.now();
  await bus.runUntil(steps * engine.dt);
  const s = (performance.now() - t0) / 1000;
  await bus.dispose();
  return steps / s;
}

export default async function remoteBench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const steps = arg(args, 'steps', 20_000);
  const runs = arg(args, 'runs', 5);
  const local: number[] = [];
  const remote: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  const net50: number[] = [];
  const ping50: number[] = [];
  for (let r = 0; r < runs; r++) {
    local.push(await runLoop(new MockEngine({ name: 'mock', dtNs: msToNs(1), channels: 4 }), steps));
    const host = await spawnHost(process.execPath, ['--import', 'tsx', 'remote/serve-main.ts', '--engine', 'mock', '--channels', '4', '--dt-ns', String(msToNs(1))]);
    try {
      const e = await RemoteEngine.connect({ url: host.url });
      const pings: number[] = [];
      await e.init({ seed: 1, startNs: 0, log: () => undefined });
      for (let k = 0; k < 2000; k++) pings.push(await e.ping());
      ping50.push(median(pings));
      remote.push(await runLoop(e, steps));
      const l = e.latency();
      p50.push(l.roundTrip.p50Us);
      p99.push(l.roundTrip.p99Us);
      net50.push(l.networkRtt.p50Us);
    } finally {
      await host.stop();
    }
  }
  const res = {
    benchmark: 'remote',
    steps,
    runs,
    syncPointsPerSecond: median(remote),
    inProcessSyncPointsPerSecond: median(local),
    remoteOverInProcess: median(remote) / median(local),
    roundTripP50Us: median(p50),
    roundTripP99Us: median(p99),
    networkRttP50Us: median(net50),
    heartbeatRttP50Us: median(ping50),
    floors: { roundTripP50Us: 200, syncPointsPerSecond: 5000 },
    meetsFloors: median(p50) <= 200 && median(remote) >= 5000,
    units: { syncPointsPerSecond: '1/s', roundTripP50Us: 'µs' },
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, load1: os.loadavg()[0] },
    perRun: { remote, local, p50, p99 },
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(res)}\n`);
    return;
  }
  console.log(`remote engine over loopback vs in-process (median of ${runs} runs × ${steps} sync points, dt 1 ms, afap)`);
  console.log('metric                      ours(remote)    peer(in-process)   ratio');
  console.log(`sync points/s               ${res.syncPointsPerSecond.toFixed(0).padStart(10)}    ${res.inProcessSyncPointsPerSecond.toFixed(0).padStart(12)}      ${res.remoteOverInProcess.toFixed(3)}`);
  console.log(`advance round trip p50/p99  ${res.roundTripP50Us.toFixed(1)} / ${res.roundTripP99Us.toFixed(1)} µs   (floor p50 ≤ 200 µs)`);
  console.log(`heartbeat round trip p50    ${res.heartbeatRttP50Us.toFixed(1)} µs`);
  console.log(`floors met: ${res.meetsFloors}`);
}
