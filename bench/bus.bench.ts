/**
 * `npm run bench -- bus [--json] [--seconds S]`: coordination cost of the bus with three
 * in-process engines at 0.1 ms, 1 ms and 10 ms, coupled in a ring by three transceivers.
 * Engines are near-free (constant outputs), so nearly all time is the bus's own: gathering,
 * transceivers, input delivery, timing. Reports sync points per second and coordination overhead per
 * sync point (median of 5 runs), with and without a sync$ subscriber (a recorder-like consumer).
 * Peer: NRP-core spends about 5.5 ms per 15.3 ms step coordinating engines in its Husky profile
 * (published figure, specs/nrp-lessons.md; NRP-core cannot be installed here).
 * Also realtime pacing: two 1 ms engines at factor 1 for 2 s of simulated time: wall time over
 * simulated time, overruns beyond the 5 ms tolerance, worst lateness (these depend on the machine's
 * load, so they are measured here, not asserted in unit tests).
 */
import os from 'node:os';
import { Bus } from '../core/bus.js';
import type { Engine } from '../core/engine.js';
import type { Inputs, Outputs, PortSpec } from '../core/ports.js';
import { usToNs, msToNs } from '../core/time.js';
import { defineTransceiver } from '../core/transceiver.js';

class NullEngine implements Engine {
  readonly ports: PortSpec = { inputs: { in: { kind: 'analog', shape: [4] } }, outputs: { out: { kind: 'analog', shape: [4] } } };
  private readonly out: Outputs = { out: new Float64Array(4) };
  private now = 0;
  constructor(readonly name: string, readonly dt: number) {}
  init(): Outputs {
    return this.out;
  }
  advance(to: number, _inputs: Inputs): Outputs {
    this.now = to;
    return this.out;
  }
  reset(): Outputs {
    this.now = 0;
    return this.out;
  }
  dispose(): void {}
}

const copy = (from: string, to: string) => {
  const buf = new Float64Array(4);
  return defineTransceiver({ name: `${from}->${to}`.replace(/\./g, '_'), reads: [from], writes: [to], fn: (i) => {
    buf.set(i[from] as Float64Array);
    return { [to]: buf };
  } });
};

/** Runs `bus` for `simSeconds` of simulated time; wall time (ms) and the bus's timing, then disposes it. */
async function timedRun(bus: Bus, simSeconds: number): Promise<{ wall: number; tm: ReturnType<Bus['timing']> }> {
  await bus.init();
  const t0 = performance.now();
  await bus.runUntil(msToNs(simSeconds * 1000));
  const wall = performance.now() - t0;
  const tm = bus.timing();
  await bus.dispose();
  return { wall, tm };
}

async function once(simSeconds: number, subscribe: boolean): Promise<{ syncsPerS: number; overheadUs: number; totalUsPerSync: number }> {
  const engines = [new NullEngine('fast', usToNs(100)), new NullEngine('mid', msToNs(1)), new NullEngine('slow', msToNs(10))];
  const bus = new Bus({ engines, transceivers: [copy('fast.out', 'mid.in'), copy('mid.out', 'slow.in'), copy('slow.out', 'fast.in')], validateTransceiverOutputs: false });
  let n = 0;
  if (subscribe) bus.sync$.subscribe(() => n++);
  const { wall, tm } = await timedRun(bus, simSeconds);
  return { syncsPerS: tm.syncs / (wall / 1000), overheadUs: tm.overheadUsPerSync, totalUsPerSync: (wall * 1000) / tm.syncs };
}

/** A 1 kHz loop of two engines paced at real time (factor 1) for `simSeconds`. */
async function paced(simSeconds: number): Promise<{ wallOverSim: number; overruns: number; maxLatenessMs: number; syncs: number }> {
  const engines = [new NullEngine('a', msToNs(1)), new NullEngine('b', msToNs(1))];
  const bus = new Bus({ engines, transceivers: [copy('a.out', 'b.in'), copy('b.out', 'a.in')], pacing: { mode: 'realtime', factor: 1, overrun: 'warn', toleranceMs: 5 } });
  const { wall, tm } = await timedRun(bus, simSeconds);
  return { wallOverSim: wall / (simSeconds * 1000), overruns: tm.overruns, maxLatenessMs: tm.maxLatenessMs, syncs: tm.syncs };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

export default async function bench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const si = args.indexOf('--seconds');
  const seconds = si >= 0 ? Number(args[si + 1]) : 20;
  await once(2, false); // warm-up (JIT)
  const plain: Awaited<ReturnType<typeof once>>[] = [];
  const observed: Awaited<ReturnType<typeof once>>[] = [];
  for (let r = 0; r < 5; r++) {
    plain.push(await once(seconds, false));
    observed.push(await once(seconds, true));
  }
  const syncPointsPerSecond = median(plain.map((x) => x.syncsPerS));
  const overheadUsPerSync = median(plain.map((x) => x.totalUsPerSync));
  const measuredCoordUs = median(plain.map((x) => x.overheadUs));
  const observedSyncs = median(observed.map((x) => x.syncsPerS));
  const nrpCoordUsPerStep = 5500; // NRP-core Husky profile, published
  const realtime = await paced(2);
  const result = {
    benchmark: 'bus',
    engines: ['0.1 ms', '1 ms', '10 ms'],
    simSecondsPerRun: seconds,
    runs: 5,
    syncPointsPerSecond: Math.round(syncPointsPerSecond),
    overheadUsPerSync: Number(overheadUsPerSync.toFixed(3)),
    coordinationPhasesUsPerSync: Number(measuredCoordUs.toFixed(3)),
    withSyncSubscriber: { syncPointsPerSecond: Math.round(observedSyncs) },
    floor: { syncPointsPerSecond: 200_000, overheadUsPerSync: 5 },
    peer: { name: 'NRP-core (published Husky profile)', coordinationUsPerStep: nrpCoordUsPerStep, measuredHere: false },
    ratioVsNrp: Number((nrpCoordUsPerStep / overheadUsPerSync).toFixed(0)),
    realtime1kHz: { simSeconds: 2, wallOverSim: Number(realtime.wallOverSim.toFixed(4)), overruns: realtime.overruns, maxLatenessMs: Number(realtime.maxLatenessMs.toFixed(2)), loadAverage1min: Number((os.loadavg()[0] ?? 0).toFixed(2)) },
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version },
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  console.log('bus: 3 in-process engines (0.1/1/10 ms), 3 transceivers, median of 5 runs');
  console.table({
    'sync points / s': { ours: result.syncPointsPerSecond, floor: 200_000 },
    'µs per sync point (all costs)': { ours: result.overheadUsPerSync, floor: 5, 'NRP-core': nrpCoordUsPerStep },
    'µs in timed coordination phases': { ours: result.coordinationPhasesUsPerSync },
    'sync points / s with a sync$ subscriber': { ours: result.withSyncSubscriber.syncPointsPerSecond },
  });
  console.log(`ratio: NRP-core coordination per step / ours per sync point = ${result.ratioVsNrp}×`);
  const rt = result.realtime1kHz;
  console.log(`realtime 1 kHz, factor 1, 2 s: wall/sim ${rt.wallOverSim}, overruns ${rt.overruns}, worst lateness ${rt.maxLatenessMs} ms (load ${rt.loadAverage1min})`);
}
