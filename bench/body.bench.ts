/**
 * `npm run bench -- body [--json] [--seconds S]`: step cost of the body engine at dt = 1 ms.
 * - arm (3-DOF, torque drives from a 1 kHz joint PD tracking sinusoids, encoders + hand pose +
 *   forearm IMU), rover (arena, encoders, pose,
 *   IMU, 2 rays, 2 light sensors), eye-blink head + rig (lid drive, 64-ray puff on, CS tone);
 *   real-time factor = simulated s / wall s (median of 5 runs). Floor: arm ≥ 20×.
 * - depth image cost (ms/frame) for 32×24 and 128×96 pixels in the arena.
 * - colour camera (CameraEngine: Babylon.js in headless Chromium, SwiftShader) ms/frame at 64×48
 *   and 320×240, rover in the arena, median over frames, pixels delivered to Node as the image port;
 *   peer in the same run: the one-shot renderer (babylon-render.ts, scene rebuilt every frame as in
 *   tests/bodies/camera.test.ts) in a browser of its own launched with the camera's flags, pixels
 *   left in the page (favours the peer).
 *   Skipped (reported as such) when /usr/bin/chromium is absent.
 * Peer, measured in the same run: raw Rapier (`world.step()` of the same built world with no
 * engine layer, no sensors, no input checks, no actuation: for the arm the unactuated peer falls
 * onto its limits, so its workload differs), so the ratio is roughly the engine's own overhead. For depth,
 * a bare castRay loop over the same pixels in the same world, plus the published figure in
 * specs/ecosystem.md (2.3 ms per 32×24 frame) for reference. Real-time factors are also given per
 * process CPU second, which is less sensitive to a loaded machine than wall time.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { build } from 'esbuild';
import { CameraEngine } from '../bodies/render/camera-engine.js';
import { withLinkPoseSensors } from '../bodies/render/camera-pose-feed.js';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM, retainSharedBrowser } from '../bodies/render/chromium-camera.js';
import { sceneShapes } from '../bodies/render/scene-shapes.js';
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

const CAM_MOUNT = { kind: 'fixed' as const, position: [0.8, -2, 2.5] as const, target: [0.8, 0, 0] as const, fovRad: 0.9 };

/** CameraEngine ms/frame (median): the rover's link poses change every frame. */
async function cameraMs(width: number, height: number, frames: number): Promise<number> {
  const body = new BodyEngine({ name: 'body', robot: withLinkPoseSensors(roverRobot()), environment: new WorldEnvironment(braitenbergArena()) });
  const ctx = { seed: 1, startNs: 0, log: () => undefined };
  await body.init(ctx);
  const cam = new CameraEngine({ body, width, height, mount: CAM_MOUNT });
  await cam.init(ctx);
  const poses = new Float64Array(21);
  const ms: number[] = [];
  for (let k = 1; k <= frames + 3; k++) {
    for (let l = 0; l < 3; l++) poses.set([0.01 * k, (l - 1) * 0.3, 0.167, 1, 0, 0, 0], 7 * l);
    const t0 = performance.now();
    await cam.advance(k * cam.dt, { poses });
    if (k > 3) ms.push(performance.now() - t0);
  }
  await cam.dispose();
  body.dispose();
  return median(ms);
}

/** Peer: babylon-render.ts's one-shot renderShapes (engine, scene and shaders rebuilt per frame). */
async function rebuildPerFrameMs(width: number, height: number, frames: number): Promise<number> {
  const body = new BodyEngine({ robot: roverRobot(), environment: new WorldEnvironment(braitenbergArena()) });
  await body.init({ seed: 1, startNs: 0, log: () => undefined });
  const layout = body.robotLayout!;
  const shapes = sceneShapes(body.rapierWorld!, (h) => layout.linkOfCollider.has(h));
  body.dispose();
  const entry = new URL('../bodies/render/babylon-render.ts', import.meta.url).pathname;
  const script = (await build({
    stdin: { contents: `import { renderShapes } from ${JSON.stringify(entry)};\n(globalThis as any).oneShot = async (s: any, c: any, w: number, h: number) => (await renderShapes(document.getElementById('c') as HTMLCanvasElement, s, c, w, h)).length;`, loader: 'ts', resolveDir: process.cwd() },
    bundle: true, format: 'iife', platform: 'browser', write: false, minify: true, logLevel: 'silent',
  })).outputFiles[0]!.text;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (r) => r.abort());
    await page.setContent('<html><body><canvas id="c"></canvas></body></html>');
    await page.addScriptTag({ content: script });
    const cam = { position: CAM_MOUNT.position, target: CAM_MOUNT.target, fovRad: CAM_MOUNT.fovRad };
    const ms: number[] = [];
    for (let k = 0; k < frames + 1; k++) {
      const t0 = performance.now();
      await page.evaluate(([s, c, w, h]) => (globalThis as unknown as { oneShot: (...a: unknown[]) => Promise<number> }).oneShot(s, c, w, h), [shapes, cam, width, height] as const);
      if (k > 0) ms.push(performance.now() - t0);
    }
    return median(ms);
  } finally {
    await browser.close();
  }
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
  if (existsSync(DEFAULT_CHROMIUM)) {
    const release = await retainSharedBrowser(DEFAULT_CHROMIUM);
    try {
      for (const [w, h, n] of [[64, 48, 40], [320, 240, 20]] as const) {
        const ours = await cameraMs(w, h, n);
        const peer = await rebuildPerFrameMs(w, h, Math.max(5, n / 4));
        result[`camera${w}x${h}`] = { msPerFrame: Number(ours.toFixed(1)), peerRebuildPerFrameMsPerFrame: Number(peer.toFixed(1)), ratioPeerToOurs: Number((peer / ours).toFixed(2)) };
        table[`camera ${w}×${h} ms/frame`] = { ours: Number(ours.toFixed(1)), 'rebuild per frame': Number(peer.toFixed(1)), ratio: Number((peer / ours).toFixed(2)) };
      }
    } finally {
      await release();
    }
  } else {
    result['camera'] = { skipped: `no ${DEFAULT_CHROMIUM} (apt-get install chromium)` };
  }
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
