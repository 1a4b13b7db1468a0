/**
 * Hardware-in-the-loop path with the robot stand-in in another process: a local controller and the
 * remote robot in a closed loop at 1 kHz, realtime pacing. Latency figures are printed (they depend
 * on machine load, so only structural bounds are asserted; the injected-latency case checks the
 * measurement against a known lower bound). Faults: a dropped connection triggers the hold policy
 * and either a reconnect with resync, or an abort that leaves a readable run folder saying what
 * happened.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Bus } from '../../core/bus.js';
import { MockEngine } from '../../core/testing/mock-engine.js';
import { msToNs } from '../../core/time.js';
import { defineTransceiver } from '../../core/transceiver.js';
import { defineExperiment } from '../../experiments/framework/define-experiment.js';
import { readStream, readTrials } from '../../experiments/framework/run-folder.js';
import { runExperiment } from '../../experiments/framework/runner.js';
import { type FaultPolicy, RemoteEngine } from '../../remote/remote-engine.js';
import { type ChildHost, spawnHost } from '../../remote/spawn-host.js';

const children: ChildHost[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) await c.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function standIn(...extra: string[]): Promise<ChildHost> {
  const c = await spawnHost(process.execPath, ['--import', 'tsx', 'remote/robot-stand-in-main.ts', '--dt-ns', String(msToNs(1)), ...extra]);
  children.push(c);
  return c;
}

function loop(): ReturnType<typeof defineTransceiver>[] {
  return [
    defineTransceiver({ name: 'sense', reads: ['robot.x'], writes: ['ctrl.drive'], fn: (i) => ({ 'ctrl.drive': Float64Array.of(1 - ((i['robot.x'] as Float64Array)[0] as number)) }) }),
    defineTransceiver({ name: 'act', reads: ['ctrl.x'], writes: ['robot.drive'], fn: (i) => ({ 'robot.drive': Float64Array.of(2 * ((i['ctrl.x'] as Float64Array)[0] as number), 1) }) }),
  ];
}

function hilExperiment(url: string, policy: FaultPolicy, reconnectAttempts: number, trialMs: number) {
  let robot: RemoteEngine | undefined;
  return defineExperiment({
    name: 'hil-test',
    description: 'controller + remote robot stand-in at 1 kHz',
    params: z.strictObject({}),
    async build() {
      robot = await RemoteEngine.connect({ url, timeoutMs: 1000, policy, reconnectAttempts, reconnectDelayMs: 20 }); // drops are seen by the close event; the timeout only guards stalls
      return {
        engines: [robot, new MockEngine({ name: 'ctrl', dtNs: msToNs(1), tauMs: 5 })],
        transceivers: loop(),
        protocol: { phases: [{ name: 'main', trials: 1, trialMs }] },
        record: [{ port: 'robot.x' }, { port: 'ctrl.x' }],
        metrics: () => ({ summary: { faults: robot?.faults ?? [], latency: robot?.latency() } }),
      };
    },
  });
}

describe('HIL with the robot stand-in in another process', () => {
  it('runs a 1 kHz realtime closed loop and reports round-trip latency and jitter', async () => {
    const host = await standIn();
    const robot = await RemoteEngine.connect({ url: host.url, timeoutMs: 3000 });
    expect(robot.capabilities).toContain('realtime');
    const ctrl = new MockEngine({ name: 'ctrl', dtNs: msToNs(1), tauMs: 5 });
    const bus = new Bus({ engines: [robot, ctrl], transceivers: loop(), seed: 3, pacing: { mode: 'realtime', factor: 1, overrun: 'warn', toleranceMs: 5 } });
    await bus.init();
    const steps = 1500;
    await bus.runUntil(msToNs(steps));
    const lat = robot.latency();
    const timing = bus.timing();
    console.log(`[HIL 1 kHz, ${steps} syncs] network RTT p50 ${lat.networkRtt.p50Us.toFixed(0)} µs, p99 ${lat.networkRtt.p99Us.toFixed(0)} µs, jitter ${lat.networkRtt.jitterUs.toFixed(0)} µs; sample lateness p50 ${lat.sampleLateness.p50Us.toFixed(0)} µs p99 ${lat.sampleLateness.p99Us.toFixed(0)} µs; bus RTF ${timing.realTimeFactor.toFixed(3)}, overruns ${timing.overruns}`);
    expect(lat.roundTrip.count).toBe(steps);
    expect(lat.sampleLateness.count).toBe(steps + 1); // + init
    expect(lat.networkRtt.p50Us).toBeGreaterThan(0);
    expect(lat.networkRtt.p99Us).toBeGreaterThanOrEqual(lat.networkRtt.p50Us);
    // wall clock: 1.5 s simulated took at least 1.5 s of wall time (realtime pacing)
    expect(timing.wallMs).toBeGreaterThanOrEqual(steps - 1);
    // the robot body ran on its own clock and followed the commanded drive (x rises from 0)
    expect(((bus.latest('robot').x as Float64Array)[1] as number)).toBeGreaterThan(0.9);
    expect(robot.faults).toEqual([]);
    await bus.dispose();
  }, 30_000);

  it('measures injected latency as network latency (lower bound from the injection)', async () => {
    const host = await standIn('--latency-ms', '2', '--jitter-ms', '1', '--seed', '7');
    const robot = await RemoteEngine.connect({ url: host.url, timeoutMs: 3000 });
    await robot.init({ seed: 1, startNs: 0, log: () => undefined });
    for (let k = 1; k <= 200; k++) await robot.advance(msToNs(k), { drive: Float64Array.of(1, 1) });
    const l = robot.latency().networkRtt;
    console.log(`[injected 2 ms + U(0,1) ms] network RTT p50 ${l.p50Us.toFixed(0)} µs p99 ${l.p99Us.toFixed(0)} µs jitter ${l.jitterUs.toFixed(0)} µs`);
    expect(l.p50Us).toBeGreaterThanOrEqual(2000);
    expect(Math.min(...Array.from({ length: 1 }, () => l.p50Us))).toBeLessThan(2000 + 1000 + 5000); // timer granularity + load
    expect(l.jitterUs).toBeGreaterThan(50); // uniform jitter is visible sync to sync
    await robot.dispose();
  }, 30_000);

  it('a dropped connection triggers hold-then-abort and leaves a readable run folder saying what happened', async () => {
    const host = await standIn('--disconnect-after-ms', '300');
    const dir = mkdtempSync(join(tmpdir(), 'nl-hil-'));
    dirs.push(dir);
    const res = await runExperiment(hilExperiment(host.url, { onFault: 'hold', maxHeldSteps: 20 }, 0, 2000), { pacing: { mode: 'realtime', factor: 1, overrun: 'warn', toleranceMs: 5 } }, { outDir: dir });
    expect(res.state).toBe('failed');
    const status = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as { state: string; error: { engine: string; timeNs: number; message: string } };
    expect(status.state).toBe('failed');
    expect(status.error.engine).toBe('robot');
    expect(status.error.message).toMatch(/held 20 of 20 allowed steps, policy 'hold' then abort/);
    // the disconnect came 300 ms of wall time after init (sim time lags under load), then 20 held steps
    expect(status.error.timeNs).toBeGreaterThanOrEqual(msToNs(20));
    expect(status.error.timeNs).toBeLessThan(msToNs(1500));
    const rec = readStream(dir, 'robot.x');
    // recorded every sync point up to the failure, and readable
    expect(rec.t.length).toBeGreaterThanOrEqual(status.error.timeNs / msToNs(1));
    expect(rec.t[rec.t.length - 1]).toBeLessThanOrEqual(status.error.timeNs);
    expect(rec.truncated).toBe(false);
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { summary: { faults: { kind: string }[] } };
    const kinds = metrics.summary.faults.map((f) => f.kind);
    expect(kinds.filter((k) => k === 'held').length).toBe(20);
    expect(kinds).toContain('disconnect');
    expect(kinds[kinds.length - 1]).toBe('abort');
    expect(readTrials(dir).length).toBeLessThanOrEqual(1);
  }, 30_000);

  it('reconnects and resyncs the robot after a dropped connection; the run completes', async () => {
    const host = await standIn('--disconnect-after-ms', '300');
    const dir = mkdtempSync(join(tmpdir(), 'nl-hil-'));
    dirs.push(dir);
    const res = await runExperiment(hilExperiment(host.url, { onFault: 'hold', maxHeldSteps: 500 }, 10, 1000), { pacing: { mode: 'realtime', factor: 1, overrun: 'warn', toleranceMs: 5 } }, { outDir: dir });
    expect(res.error?.message).toBeUndefined();
    expect(res.state).toBe('completed');
    const faults = (res.metrics.summary as { faults: { kind: string; detail: string }[] }).faults;
    const kinds = faults.map((f) => f.kind);
    expect(kinds).toContain('disconnect');
    expect(kinds).toContain('reconnected');
    expect(kinds.filter((k) => k === 'held').length).toBeGreaterThan(0);
    const x = readStream(dir, 'robot.x');
    // after the reconnect the robot's state keeps evolving (it was not reset)
    const n = x.t.length;
    expect(x.values[n - 1]).not.toBe(x.values[Math.floor(n / 2)]);
  }, 30_000);

  it('drives the Rapier pendulum (bodies/) in a stand-in process at 1 kHz realtime', async () => {
    const host = await spawnHost(process.execPath, ['--import', 'tsx', 'tests/remote/fixtures/pendulum-stand-in.ts'], { timeoutMs: 60_000 });
    children.push(host);
    const robot = await RemoteEngine.connect({ url: host.url, timeoutMs: 3000 });
    expect(Object.keys(robot.ports.outputs)).toContain('hinge.position');
    const torque = 0.05; // N·m, constant: the pendulum swings away from the bottom, in the torque's direction
    const bus = new Bus({
      engines: [robot],
      transceivers: [defineTransceiver({ name: 'motor', reads: ['pendulum.hinge.position'], writes: ['pendulum.torque.command'], fn: () => ({ 'pendulum.torque.command': Float64Array.of(torque) }) })],
      seed: 1,
      pacing: { mode: 'realtime', factor: 1, overrun: 'warn', toleranceMs: 5 },
    });
    const angles: number[] = [];
    bus.sync$.subscribe((ev) => angles.push(((ev.outputs.get('pendulum')?.['hinge.position'] as Float64Array)[0] as number)));
    await bus.init();
    await bus.runUntil(msToNs(600));
    const lat = robot.latency();
    console.log(`[HIL pendulum 1 kHz, 600 syncs] network RTT p50 ${lat.networkRtt.p50Us.toFixed(0)} µs p99 ${lat.networkRtt.p99Us.toFixed(0)} µs jitter ${lat.networkRtt.jitterUs.toFixed(0)} µs; max angle ${Math.max(...angles).toFixed(3)} rad`);
    expect(angles.length).toBe(601);
    expect(angles.every(Number.isFinite)).toBe(true);
    expect(Math.max(...angles)).toBeGreaterThan(0.01); // the torque moved the real body
    expect(robot.faults).toEqual([]);
    await bus.dispose();
  }, 90_000);

  it('packet loss: lost replies time out, the hold policy bridges them, the loop goes on', async () => {
    const host = await standIn('--loss', '0.1', '--seed', '11');
    const robot = await RemoteEngine.connect({ url: host.url, timeoutMs: 50, policy: { onFault: 'hold', maxHeldSteps: 10 } });
    await robot.init({ seed: 1, startNs: 0, log: () => undefined });
    const N = 300;
    for (let k = 1; k <= N; k++) await robot.advance(msToNs(k), { drive: Float64Array.of(1, 1) });
    const timeouts = robot.faults.filter((f) => f.kind === 'timeout').length;
    const held = robot.faults.filter((f) => f.kind === 'held').length;
    console.log(`[loss 10 %] ${timeouts} timeouts in ${N} steps, ${held} held, ${robot.faults.filter((f) => f.kind === 'late-reply').length} late replies`);
    expect(held).toBe(timeouts); // every lost reply was bridged by one held step
    // Binomial(300, 0.1): mean 30, sd 5.2; ±4 sd. Load-induced timeouts can only add, so the upper bound is looser.
    expect(timeouts).toBeGreaterThanOrEqual(9);
    expect(timeouts).toBeLessThanOrEqual(80);
    expect(robot.faults.some((f) => f.kind === 'abort')).toBe(false);
    await robot.dispose();
  }, 60_000);
});
