/**
 * `npm run bench -- body [--json] [--seconds S]`: step cost of the body engine at dt = 1 ms.
 * - arm (3-DOF, torque drives from a 1 kHz joint PD tracking sinusoids, encoders + hand pose +
 *   forearm IMU), rover (arena, encoders, pose,
 *   IMU, 2 rays, 2 light sensors), eye-blink head + rig (lid drive, 64-ray puff on, CS tone);
 *   real-time factor = simulated s / wall s (median of 5 runs). Floor: arm ≥ 20×.
 * - depth image cost (ms/frame) for 32×24 and 128×96 pixels in the arena.
 * Peer, measured in the same run: raw Rapier (`world.step()` of the same built world with no
 * engine layer, no sensors, no input checks, no actuation: for the arm the unactuated peer falls
 * onto its limits, so its workload differs), so the ratio is roughly the engine's own overhead. For depth,
 * a bare castRay loop over the same pixels in the same world, plus the published figure in
 * specs/ecosystem.md (2.3 ms per 32×24 frame) for reference. Real-time factors are also given per
 * process CPU second, which is less sensitive to a loaded machine than wall time.
 */
import os from 'node:os';
import { BodyEngine } from '../bodies/body-engine.js';
import { armRobot } from '../bodies/robots/arm.js';
import { eyeblinkHeadRobot } from '../bodies/robots/eyeblink-head.js';
import { roverRobot } from '../bodies/robots/rover.js';
import type { Inputs, Outputs } from '../core/ports.js';
import { WorldEnvironment } from '../environments/world-environment.js';
import { braitenbergArena } from '../environments/worlds/braitenberg-arena.js';
import { eyeblinkRig } from '../environments/worlds/eyeblink-rig.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const c = (x: number) => Float64Array.of(x);

interface Case {
  readonly make: () => BodyEngine;
  /** Inputs of step k; may close the loop on the previous outputs (as a transceiver would). */
  readonly inputs: (k: number, last: Outputs) => Inputs;
}

/** Arm workload: joint-space PD at 1 kHz tracking slow sinusoids, as a controller on the bus would. */
const armTau = { base_yaw: new Float64Array(1), shoulder: new Float64Array(1), elbow: new Float64Array(1) };
function armPd(k: number, last: Outputs): Inputs {
  const t = k * 1e-3;
  const targets = { base_yaw: 0.5 * Math.sin(t), shoulder: 0.4 + 0.3 * Math.sin(1.3 * t), elbow: 0.6 + 0.4 * Math.sin(0.7 * t) };
  for (const j of ['base_yaw', 'shoulder', 'elbow'] as const) {
    const q = (last[`${j}.position`] as Float64Array | undefined)?.[0] ?? 0;
    const qd = (last[`${j}.velocity`] as Float64Array | undefined)?.[0] ?? 0;
    armTau[j][0] = 40 * (targets[j] - q) - 2 * qd;
  }
  return { 'base_yaw.command': armTau.base_yaw, 'shoulder.command': armTau.shoulder, 'elbow.command': armTau.elbow };
}

const cases: Record<string, Case> = {
  arm: { make: () => new BodyEngine({ robot: armRobot() }), inputs: armPd },
  /** Same arm with Rapier's solver at 1 iteration (Rapier 0.21 runs numSolverIterations solver substeps per step; default 4). */
  armSolver1: { make: () => new BodyEngine({ robot: armRobot(), solverIterations: 1 }), inputs: armPd },
  rover: { make: () => new BodyEngine({ robot: roverRobot(), environment: new WorldEnvironment(braitenbergArena()) }), inputs: () => ({ 'left_wheel.command': c(2), 'right_wheel.command': c(2.5) }) },
  eyeblink: { make: () => new BodyEngine({ robot: eyeblinkHeadRobot(), environment: new WorldEnvironment(eyeblinkRig()) }), inputs: (k) => ({ 'eyelid.command': c((k % 400) < 200 ? 1 : 0), 'nozzle.trigger': c(1), 'cs.trigger': c(1) }) },
};

/** Real-time factors by wall clock and by process CPU time (less sensitive to a loaded machine). */
interface Rtf { wall: number; cpu: number }
function timed(steps: number, body: () => void): Rtf {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  body();
  const c = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  return { wall: (steps * 1e-3) / wall, cpu: (steps * 1e-3) / ((c.user + c.system) / 1e6) };
}

async function ours(cs: Case, steps: number): Promise<Rtf> {
  const e = cs.make();
  await e.init({ seed: 1, startNs: 0, log: () => undefined });
  let last: Outputs = await e.reset();
  let t = 0;
  const r = timed(steps, () => { for (let k = 0; k < steps; k++) { t += e.dt; last = e.advance(t, cs.inputs(k, last)); } });
  e.dispose();
  return r;
}

async function rawRapier(cs: Case, steps: number): Promise<Rtf> {
  const e = cs.make();
  await e.init({ seed: 1, startNs: 0, log: () => undefined });
  const w = e.rapierWorld!;
  w.timestep = 1e-3;
  const r = timed(steps, () => { for (let k = 0; k < steps; k++) w.step(); });
  e.dispose();
  return r;
}

async function depthMs(width: number, height: number, frames: number): Promise<number> {
  const robot = {
    name: 'cam', base: { type: 'fixed', xyz: [0, 0, 0.5] },
    links: [{ name: 'mount', mass: 0, inertia: { ixx: 0, iyy: 0, izz: 0 } }],
    sensors: [{ type: 'depth', name: 'cam', link: 'mount', width, height, fovDeg: 90, maxRangeM: 10 }],
  };
  const mk = (withDepth: boolean) => new BodyEngine({ robot: withDepth ? robot : { ...robot, sensors: [{ type: 'pose', name: 'p', link: 'mount' }] }, environment: new WorldEnvironment(braitenbergArena()) });
  const time = async (e: BodyEngine) => {
    await e.init({ seed: 1, startNs: 0, log: () => undefined });
    const t0 = performance.now();
    let t = 0;
    for (let k = 0; k < frames; k++) { t += e.dt; e.advance(t, {}); }
    const ms = (performance.now() - t0) / frames;
    e.dispose();
    return ms;
  };
  return (await time(mk(true))) - (await time(mk(false)));
}

/** Peer measured in the same run: a bare castRay loop over the same pixels (the method behind the published 2.3 ms). */
async function rawDepthMs(width: number, height: number, frames: number): Promise<number> {
  const e = new BodyEngine({ robot: { name: 'cam', base: { type: 'fixed', xyz: [0, 0, 0.5] }, links: [{ name: 'mount', mass: 0, inertia: { ixx: 0, iyy: 0, izz: 0 } }], sensors: [{ type: 'pose', name: 'p', link: 'mount' }] }, environment: new WorldEnvironment(braitenbergArena()) });
  await e.init({ seed: 1, startNs: 0, log: () => undefined });
  const w = e.rapierWorld!;
  const { Ray } = await import('@dimforge/rapier3d-compat');
  const f = (width / 2) / Math.tan(Math.PI / 4);
  const ray = new Ray({ x: 0, y: 0, z: 0.5 }, { x: 1, y: 0, z: 0 });
  let sum = 0;
  const t0 = performance.now();
  for (let k = 0; k < frames; k++) {
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) {
      const y = -(c + 0.5 - width / 2), z = -(r + 0.5 - height / 2), n = Math.hypot(f, y, z);
      ray.dir = { x: f / n, y: y / n, z: z / n };
      const hit = w.castRay(ray, 10, true);
      sum += hit === null ? 10 : hit.timeOfImpact;
    }
  }
  const ms = (performance.now() - t0) / frames;
  e.dispose();
  return sum > 0 ? ms : ms;
}

export default async function bench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const si = args.indexOf('--seconds');
  const seconds = si >= 0 ? Number(args[si + 1]) : 5;
  const steps = Math.round(seconds * 1000);
  const result: Record<string, unknown> = { benchmark: 'body', dtMs: 1, simSecondsPerRun: seconds, runs: 5 };
  const table: Record<string, Record<string, number | string>> = {};
  for (const [name, cs] of Object.entries(cases)) {
    await ours(cs, 500); // warm-up
    const o: Rtf[] = [], p: Rtf[] = [];
    for (let r = 0; r < 5; r++) { o.push(await ours(cs, steps)); p.push(await rawRapier(cs, steps)); }
    const rtf = median(o.map((x) => x.wall)), raw = median(p.map((x) => x.wall));
    const rtfCpu = median(o.map((x) => x.cpu)), rawCpu = median(p.map((x) => x.cpu));
    result[name] = {
      realTimeFactor: Number(rtf.toFixed(1)), cpuRealTimeFactor: Number(rtfCpu.toFixed(1)), usPerStep: Number((1e3 / rtf).toFixed(1)),
      peerRawRapierRealTimeFactor: Number(raw.toFixed(1)), peerRawRapierCpuRealTimeFactor: Number(rawCpu.toFixed(1)), ratioOursToRaw: Number((rtf / raw).toFixed(3)),
    };
    table[`${name} real-time factor (wall)`] = { ours: Number(rtf.toFixed(1)), 'raw Rapier': Number(raw.toFixed(1)), ratio: Number((rtf / raw).toFixed(3)), floor: name.startsWith('arm') ? 20 : '' };
    table[`${name} real-time factor (CPU time)`] = { ours: Number(rtfCpu.toFixed(1)), 'raw Rapier': Number(rawCpu.toFixed(1)), ratio: Number((rtfCpu / rawCpu).toFixed(3)), floor: name.startsWith('arm') ? 20 : '' };
  }
  const d32 = median([await depthMs(32, 24, 300), await depthMs(32, 24, 300), await depthMs(32, 24, 300)]);
  const d128 = median([await depthMs(128, 96, 40), await depthMs(128, 96, 40), await depthMs(128, 96, 40)]);
  const r32 = median([await rawDepthMs(32, 24, 300), await rawDepthMs(32, 24, 300), await rawDepthMs(32, 24, 300)]);
  const r128 = median([await rawDepthMs(128, 96, 40), await rawDepthMs(128, 96, 40), await rawDepthMs(128, 96, 40)]);
  result['depth32x24'] = { msPerFrame: Number(d32.toFixed(3)), peerRawCastRayMsPerFrame: Number(r32.toFixed(3)), ratioPeerToOurs: Number((r32 / d32).toFixed(2)), peerPublishedMsPerFrame: 2.3 };
  result['depth128x96'] = { msPerFrame: Number(d128.toFixed(3)), peerRawCastRayMsPerFrame: Number(r128.toFixed(3)), ratioPeerToOurs: Number((r128 / d128).toFixed(2)) };
  result['floor'] = { armRealTimeFactor: 20 };
  result['machine'] = { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version, loadavg1: Number(os.loadavg()[0]!.toFixed(2)) };
  table['depth 32×24 ms/frame'] = { ours: Number(d32.toFixed(3)), 'raw castRay': Number(r32.toFixed(3)), ratio: Number((r32 / d32).toFixed(2)), 'published (ecosystem.md)': 2.3 };
  table['depth 128×96 ms/frame'] = { ours: Number(d128.toFixed(3)), 'raw castRay': Number(r128.toFixed(3)), ratio: Number((r128 / d128).toFixed(2)) };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  console.log(`body: dt = 1 ms, ${seconds} s simulated per run, median of 5 runs (machine load ${os.loadavg()[0]!.toFixed(2)})`);
  console.table(table);
}
