/**
 * `npm run bench -- meanfield [--json] [--seconds S] [--runs R]`: the 76-region TVB demo connectome
 * with Jansen–Rit nodes, SigmoidalJansenRit coupling (a = 10), conduction delays at 3 mm/ms (history
 * horizon 463 steps), HeunDeterministic at dt 0.1 ms, S seconds of biological time (default 10).
 * Reports real-time factor (biological / wall time), steps/s and node-updates/s (median of R runs,
 * default 3), also with forward Euler and through the bus (engine exchanging every 1 ms). The
 * kernel takes the fused Jansen–Rit path (brains/meanfield/jansen-rit-kernel.ts; bit-identical to
 * the generic path) and the time-batched delayed gather (simulator.ts).
 * Peer, measured in the same run: a numpy transcription of TVB's own loop (history fancy-indexed
 * `hist[(step - idelays) % H, cols]`, weighted row sums, vectorised Heun), which is how
 * tvb-library's Simulator computes delayed coupling; TVB itself is not installable here. The peer
 * runs 1 s of biological time and both states after 1 s are compared.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bus } from '../core/bus.js';
import {
  MeanFieldEngine, MeanFieldSimulator, jansenRit, loadTvbConnectivityZip, makeCoupling, type Connectivity,
} from '../brains/meanfield/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const ZIP = join(here, '../../shared/data/tvb-connectivity-76/connectivity_76.zip');
const DT_MS = 0.1;
const COUPLING_A = 10;

const PEER = String.raw`
import sys, time, json, numpy as np
w = np.array(json.loads(sys.argv[1])); L = np.array(json.loads(sys.argv[2])); seconds = float(sys.argv[3])
n = w.shape[0]; dt = 0.1; speed = 3.0
idel = np.rint(L / speed / dt).astype(int); H = idel.max() + 1
A,B,a,b,v0,nu,r,J,a1,a2,a3,a4,mu = 3.25,22.,0.1,0.05,5.52,0.0025,0.56,135.,1.,0.8,0.25,0.25,0.22
cmin,cmax,mid,rc,ca = 0.,0.005,6.,0.56,float(sys.argv[4])
def S(v): return 2*nu/(1+np.exp(r*(v0-v)))
def dfun(y, c):
    y0,y1,y2,y3,y4,y5 = y
    return np.array([y3,y4,y5, A*a*S(y1-y2)-2*a*y3-a*a*y0, A*a*(mu+a2*J*S(a1*J*y0)+c)-2*a*y4-a*a*y1, B*b*(a4*J*S(a3*J*y0))-2*b*y5-b*b*y2])
x = np.zeros((6, n)); hist = np.zeros((H, n)); cols = np.tile(np.arange(n), (n, 1))
h0 = cmin + (cmax-cmin)/(1+np.exp(rc*(mid-(x[1]-x[2])))); hist[:] = h0
steps = int(round(seconds*1000/dt))
t0 = time.perf_counter()
for step in range(steps):
    hist[step % H] = cmin + (cmax-cmin)/(1+np.exp(rc*(mid-(x[1]-x[2]))))
    c = ca * np.sum(w * hist[(step - idel) % H, cols], axis=1)
    k1 = dfun(x, c); inter = x + dt*k1; x = x + dt*(k1 + dfun(inter, c))/2
wall = time.perf_counter() - t0
print(json.dumps({'wallS': wall, 'steps': steps, 'state': x.tolist()}))
`;

const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] as number;

function kernel(conn: Connectivity, kind: 'Heun' | 'Euler'): MeanFieldSimulator {
  return new MeanFieldSimulator({
    model: jansenRit(), connectivity: conn, coupling: makeCoupling({ kind: 'SigmoidalJansenRit', a: COUPLING_A }),
    dtMs: DT_MS, integrator: { kind }, conductionSpeedMmPerMs: 3,
  });
}

function timeKernel(sim: MeanFieldSimulator, steps: number): { wallMs: number; cpuMs: number } {
  sim.reset();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) sim.step();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export default async function bench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const si = args.indexOf('--seconds');
  const seconds = si >= 0 ? Number(args[si + 1]) : 10;
  const ri = args.indexOf('--runs');
  const runs = ri >= 0 ? Number(args[ri + 1]) : 3;
  const conn = await loadTvbConnectivityZip(new Uint8Array(readFileSync(ZIP)));
  const n = conn.nRegions;
  const steps = Math.round((seconds * 1000) / DT_MS);
  let nnz = 0;
  for (const w of conn.weights) if (w !== 0) nnz++;

  const heun = kernel(conn, 'Heun');
  const euler = kernel(conn, 'Euler');
  timeKernel(heun, 5000); // JIT warm-up
  timeKernel(euler, 5000);
  const heunRuns: { wallMs: number; cpuMs: number }[] = [];
  const eulerRuns: { wallMs: number; cpuMs: number }[] = [];
  for (let r = 0; r < runs; r++) {
    heunRuns.push(timeKernel(heun, steps));
    eulerRuns.push(timeKernel(euler, steps));
  }
  // Through the bus: the engine exchanging every 1 ms (10 integration steps per advance).
  const engine = new MeanFieldEngine({ name: 'mf', model: { kind: 'JansenRit' }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit', a: COUPLING_A }, dtMs: DT_MS, stepsPerExchange: 10 });
  const bus = new Bus({ engines: [engine], seed: 1 });
  await bus.init();
  const tb = performance.now();
  await bus.runUntil(Math.round(seconds * 1e9));
  const busWallMs = performance.now() - tb;
  await bus.dispose();

  // Peer: numpy transcription of TVB's loop, 1 s of biological time; states compared after 1 s.
  const peerSeconds = Math.min(1, seconds);
  const W: number[][] = [];
  const L: number[][] = [];
  for (let i = 0; i < n; i++) {
    W.push(Array.from(conn.weights.subarray(i * n, (i + 1) * n)));
    L.push(Array.from(conn.tractLengthsMm.subarray(i * n, (i + 1) * n)));
  }
  let peer: { wallS: number; steps: number; state: number[][] } | undefined;
  let peerError: string | undefined;
  try {
    peer = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PEER, JSON.stringify(W), JSON.stringify(L), String(peerSeconds), String(COUPLING_A)], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  } catch (e) {
    peerError = String((e as Error).message).split('\n')[0];
  }
  let maxAbsDiff = Number.NaN;
  if (peer !== undefined) {
    heun.reset();
    for (let s = 0; s < peer.steps; s++) heun.step();
    maxAbsDiff = 0;
    for (let v = 0; v < 6; v++) for (let i = 0; i < n; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs((heun.x[v * n + i] as number) - (peer.state[v]![i] as number)));
  }

  const heunWall = median(heunRuns.map((r) => r.wallMs));
  const heunCpu = median(heunRuns.map((r) => r.cpuMs));
  const eulerWall = median(eulerRuns.map((r) => r.wallMs));
  const rtf = (seconds * 1000) / heunWall;
  const stepsPerSecond = steps / (heunWall / 1000);
  const peerStepsPerSecond = peer === undefined ? Number.NaN : peer.steps / peer.wallS;
  const result = {
    benchmark: 'meanfield',
    config: { regions: n, edges: nnz, model: 'JansenRit (TVB defaults)', coupling: `SigmoidalJansenRit a=${COUPLING_A}`, integrator: 'HeunDeterministic', dtMs: DT_MS, conductionSpeedMmPerMs: 3, historySteps: heun.horizon, biologicalSeconds: seconds, runs, kernel: heun.isFused ? 'fused Jansen–Rit (jansen-rit-kernel.ts)' : 'generic' },
    realTimeFactor: rtf,
    stepsPerSecond,
    nodeUpdatesPerSecond: stepsPerSecond * n,
    wallMsMedian: heunWall,
    realTimeFactorCpuTime: (seconds * 1000) / heunCpu,
    euler: { realTimeFactor: (seconds * 1000) / eulerWall, stepsPerSecond: steps / (eulerWall / 1000) },
    viaBus: { exchangeMs: 1, realTimeFactor: (seconds * 1000) / busWallMs, stepsPerSecond: steps / (busWallMs / 1000) },
    floor: { realTimeFactor: 20, met: rtf >= 20 },
    peer: peer === undefined
      ? { name: 'numpy transcription of the TVB loop', error: peerError }
      : { name: 'numpy transcription of the TVB loop (/usr/bin/python3)', biologicalSeconds: peerSeconds, stepsPerSecond: peerStepsPerSecond, realTimeFactor: (peerSeconds) / peer.wallS, maxAbsStateDiffAfterPeerRun: maxAbsDiff },
    ratio: { stepsPerSecondOursOverPeer: stepsPerSecond / peerStepsPerSecond },
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg(), node: process.version },
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const row = (k: string, ours: string, peerV: string, ratio: string): string => `${k.padEnd(34)}${ours.padStart(14)}${peerV.padStart(14)}${ratio.padStart(10)}`;
  console.log(`meanfield: ${n} regions, ${nnz} edges, JR + delays, Heun dt ${DT_MS} ms, ${seconds} s biological, median of ${runs}`);
  console.log(row('figure', 'ours', 'numpy-TVB', 'ratio'));
  console.log(row('steps/s', stepsPerSecond.toFixed(0), peerStepsPerSecond.toFixed(0), (stepsPerSecond / peerStepsPerSecond).toFixed(1)));
  console.log(row('real-time factor', rtf.toFixed(2), result.peer.realTimeFactor?.toFixed(3) ?? 'n/a', (rtf / ((result.peer.realTimeFactor as number) ?? NaN)).toFixed(1)));
  console.log(row('node-updates/s', (stepsPerSecond * n).toExponential(3), (peerStepsPerSecond * n).toExponential(3), ''));
  console.log(row('real-time factor (CPU time)', result.realTimeFactorCpuTime.toFixed(2), '', ''));
  console.log(row('real-time factor, Euler', result.euler.realTimeFactor.toFixed(2), '', ''));
  console.log(row('real-time factor, via bus (1 ms)', result.viaBus.realTimeFactor.toFixed(2), '', ''));
  console.log(`state difference vs peer after ${peerSeconds} s: ${maxAbsDiff.toExponential(2)}; floor RTF ≥ 20: ${rtf >= 20 ? 'met' : 'NOT met'}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
