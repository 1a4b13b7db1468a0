/**
 * CameraEngine: a colour camera as a render engine on the bus. Babylon.js draws the scene of a
 * BodyEngine in headless Chromium (chromium-camera.ts, WebGL via SwiftShader) at the camera's own
 * dt (e.g. 33 ms or 100 ms while the body steps at 1 ms: a multi-rate engine), and the image comes
 * out as the analog port `image`, shape [height, width, 3], RGB values 0–255 as numbers, top row
 * first. Optionally every N-th frame is also written as a PNG.
 *
 * Where the poses come from (the choice, and why). The geometry (shapes, sizes, colours, which
 * collider belongs to which link) is read once at init from the BodyEngine the camera is given;
 * the link poses of every frame come through the bus as the input `poses` ([links, 7]: x, y, z,
 * qw, qx, qy, qz per link, in the robot's link order — the layout of the body's `pose` sensors;
 * cameraPoseFeed() wires them). Reading the body's live world instead would depend on the order in
 * which the bus calls the engines at a sync point (the body may already have stepped past t), and
 * a camera listed before its body could not see the scene at init; through inputs the camera obeys
 * the bus's Jacobi rule exactly: at its sync point t it receives the body state at t, renders it
 * during [t, t+dt) — concurrently with the body's steps, since Chromium is another process — and
 * the image at t+dt shows the body at t: one camera step of latency, like every hop on the bus.
 * The image at t = 0 (init, reset) shows the scene as built. Static world shapes are drawn where
 * they were at init; free (dynamic) environment objects too, since the body outputs no poses for
 * them (a known limit).
 *
 * Node only (it launches a browser); not exported from bodies/index.ts for that reason.
 */
import type { Engine, EngineContext, ResetOptions } from '../../core/engine.js';
import { EngineError, ValidationError } from '../../core/errors.js';
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Inputs, Outputs, PortSpec } from '../../core/ports.js';
import { assertPositiveNs, type TimeNs } from '../../core/time.js';
import type { BodyEngine } from '../body-engine.js';
import { type Quat, quatConj, quatMul, rotate, rotateInto, rotateInvInto } from '../math3d.js';
import type { PageCamera, PageShape } from './camera-page.js';
import { ChromiumCamera, DEFAULT_CHROMIUM } from './chromium-camera.js';
import { sceneShapes } from './scene-shapes.js';

type V3 = readonly [number, number, number];

/** Where the camera sits. Fixed in the world, or attached to a robot link with an offset. */
export type CameraMount =
  | {
    readonly kind: 'fixed';
    readonly position: V3;
    readonly target: V3;
    /** World up (default +Z). */
    readonly up?: V3;
    /** Vertical field of view (rad). */
    readonly fovRad: number;
  }
  | {
    readonly kind: 'attached';
    /** Robot link the camera is fixed to. */
    readonly link: string;
    /** Camera position in the link frame (m). */
    readonly xyz: V3;
    /** Viewing direction in the link frame (default +X, the robot's forward). */
    readonly forward?: V3;
    /** Up in the link frame (default +Z). */
    readonly up?: V3;
    readonly fovRad: number;
  };

/** Options of a camera engine. */
export interface CameraEngineOptions {
  /** Engine name on the bus (default 'camera'); the image is `<name>.image`. */
  readonly name?: string;
  /** The body whose scene is drawn; it must be initialised before the camera (list it first). */
  readonly body: BodyEngine;
  readonly width: number;
  readonly height: number;
  /** Frame period in ns (default 100 ms). */
  readonly dtNs?: TimeNs;
  readonly mount: CameraMount;
  /** Write every `every`-th frame (default 1) as `<dir>/<name>-e<episode>-f<frame>.png`. */
  readonly png?: { readonly dir: string; readonly every?: number };
  /** Chromium binary (default /usr/bin/chromium, Debian package `chromium`). */
  readonly executablePath?: string;
  /** Multisample antialiasing (default true). */
  readonly antialias?: boolean;
  /**
   * Share one browser process with the process's other cameras (default true: one launch, a page
   * per camera; the last camera disposed closes it). False launches a browser of its own.
   */
  readonly shareBrowser?: boolean;
}

/** Largest accepted image side (pixels). */
export const CAMERA_MAX_SIDE = 4096;

/** A colour camera rendering a BodyEngine's scene (see the file comment). */
export class CameraEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  readonly coupling = { kind: 'other' as const };
  readonly width: number;
  readonly height: number;
  private readonly body: BodyEngine;
  private readonly mount: CameraMount;
  private readonly mountLink: number;
  private readonly png: { readonly dir: string; readonly every: number } | undefined;
  private readonly executablePath: string;
  private readonly antialias: boolean;
  private readonly shareBrowser: boolean;
  private readonly nLinks: number;

  private browser: ChromiumCamera | undefined;
  /** Per shape: owning link index, or −1 for world shapes (drawn at their init pose). */
  private shapeLink = new Int32Array(0);
  /** Per robot shape: pose in its link frame, x, y, z, qw, qx, qy, qz (world shapes: unused). */
  private shapeLocal = new Float64Array(0);
  private initialPoses = new Float64Array(0);
  private poses = new Float64Array(0);
  /** Per shape, the page's layout (x, y, z, qx, qy, qz, qw); world shapes are written once at init. */
  private framePoses: number[] = [];
  /** The camera of a fixed mount (the same every frame). */
  private readonly fixedCamera: PageCamera | undefined;
  private t: TimeNs = 0;
  private startNs: TimeNs = 0;
  private frame = 0;
  private episode = 0;
  private frames = 0;
  private renderMs = 0;
  /** Bumped by init and dispose, so an init that loses a race with dispose closes its page. */
  private generation = 0;
  private readonly scratchQ: Quat = { w: 1, x: 0, y: 0, z: 0 };
  private readonly scratchV = new Float64Array(3);

  constructor(opts: CameraEngineOptions) {
    this.name = opts.name ?? 'camera';
    this.body = opts.body;
    for (const [field, v] of [['width', opts.width], ['height', opts.height]] as const) {
      if (!Number.isInteger(v) || v < 1 || v > CAMERA_MAX_SIDE) {
        throw new ValidationError(`camera.${field}`, v, `an integer number of pixels in [1, ${CAMERA_MAX_SIDE}]`, `set ${field}, e.g. 64×48 or 320×240`);
      }
    }
    this.width = opts.width;
    this.height = opts.height;
    this.dt = opts.dtNs ?? 100_000_000;
    assertPositiveNs('camera.dtNs', this.dt);
    const m = opts.mount;
    if (m === undefined || (m.kind !== 'fixed' && m.kind !== 'attached')) {
      throw new ValidationError('camera.mount.kind', (m as { kind?: unknown } | undefined)?.kind, "'fixed' or 'attached'", 'give a fixed pose or a link with an offset');
    }
    if (!(m.fovRad > 0 && m.fovRad < Math.PI)) throw new ValidationError('camera.mount.fovRad', m.fovRad, 'a vertical field of view in (0, π) rad', 'e.g. 0.9 (≈ 52°)');
    const links = this.body.robot.links.map((l) => l.name);
    this.nLinks = links.length;
    this.mountLink = -1;
    if (m.kind === 'attached') {
      this.mountLink = links.indexOf(m.link);
      if (this.mountLink < 0) throw new ValidationError('camera.mount.link', m.link, `a link of robot '${this.body.robot.name}' (${links.join(', ')})`, 'fix the link name');
      checkVec('camera.mount.xyz', m.xyz);
      if (m.forward) checkVec('camera.mount.forward', m.forward, true);
      if (m.up) checkVec('camera.mount.up', m.up, true);
    } else {
      checkVec('camera.mount.position', m.position);
      checkVec('camera.mount.target', m.target);
      if (m.up) checkVec('camera.mount.up', m.up, true);
      const f = [m.target[0] - m.position[0], m.target[1] - m.position[1], m.target[2] - m.position[2]] as const;
      const u = m.up ?? [0, 0, 1];
      const cross = Math.hypot(f[1] * u[2] - f[2] * u[1], f[2] * u[0] - f[0] * u[2], f[0] * u[1] - f[1] * u[0]);
      if (!(cross > 1e-9 * Math.hypot(...f) * Math.hypot(...u))) {
        throw new ValidationError('camera.mount.target', m.target, 'a point away from the position and not straight along `up`', 'move the target, or give an `up` that is not parallel to the viewing direction');
      }
    }
    this.mount = m;
    this.fixedCamera = m.kind === 'fixed' ? { position: m.position, target: m.target, up: m.up ?? [0, 0, 1], fovRad: m.fovRad } : undefined;
    if (opts.png !== undefined) {
      const every = opts.png.every ?? 1;
      if (!Number.isInteger(every) || every < 1) throw new ValidationError('camera.png.every', every, 'a positive integer number of frames', 'e.g. 1 to save every frame');
      if (typeof opts.png.dir !== 'string' || opts.png.dir.length === 0) throw new ValidationError('camera.png.dir', opts.png.dir, 'a folder path', 'give the folder to write PNGs to');
      this.png = { dir: opts.png.dir, every };
    }
    this.executablePath = opts.executablePath ?? DEFAULT_CHROMIUM;
    this.antialias = opts.antialias ?? true;
    this.shareBrowser = opts.shareBrowser ?? true;
    this.ports = {
      inputs: { poses: { kind: 'analog', shape: [this.nLinks, 7], unit: 'm, 1', description: `link poses of '${this.body.name}' (x, y, z, qw, qx, qy, qz) in link order: ${links.join(', ')}` } },
      outputs: { image: { kind: 'analog', shape: [this.height, this.width, 3], unit: '0-255', description: 'RGB, top row first' } },
    };
  }

  /** Reads the scene from the (initialised) body, launches Chromium, renders the frame at t = 0. */
  async init(ctx: EngineContext): Promise<Outputs> {
    const world = this.body.rapierWorld;
    const layout = this.body.robotLayout;
    if (world === undefined || layout === undefined) {
      throw new EngineError(this.name, ctx.startNs, `body engine '${this.body.name}' is not initialised: list the camera after its body in the bus's engines (the bus initialises engines in order)`);
    }
    const shapes = sceneShapes(world, (h) => layout.linkOfCollider.has(h));
    const geometry: PageShape[] = shapes.map((s) => ({ kind: s.kind, half: s.half, color: s.color }));
    this.shapeLink = new Int32Array(shapes.length);
    this.shapeLocal = new Float64Array(7 * shapes.length);
    this.initialPoses = new Float64Array(7 * this.nLinks);
    for (let li = 0; li < this.nLinks; li++) {
      const b = world.getRigidBody(layout.bodyHandles[li]!);
      const p = b.translation(), q = b.rotation();
      this.initialPoses.set([p.x, p.y, p.z, q.w, q.x, q.y, q.z], 7 * li);
    }
    this.framePoses = new Array<number>(7 * shapes.length).fill(0);
    const tmp = [0, 0, 0];
    shapes.forEach((s, i) => {
      const li = s.collider === undefined ? -1 : (layout.linkOfCollider.get(s.collider) ?? -1);
      this.shapeLink[i] = li;
      if (li < 0) {
        // World shapes keep their init pose: written once, in the page's order (x, y, z, qx, qy, qz, qw).
        this.framePoses.splice(7 * i, 7, ...s.position, ...s.rotation);
        return;
      }
      const sq: Quat = { x: s.rotation[0], y: s.rotation[1], z: s.rotation[2], w: s.rotation[3] };
      // Shape pose relative to its link: p_local = q_L⁻¹ (p − p_L), q_local = q_L⁻¹ q.
      const o = 7 * li, P = this.initialPoses;
      const lq: Quat = { w: P[o + 3]!, x: P[o + 4]!, y: P[o + 5]!, z: P[o + 6]! };
      rotateInvInto(lq, s.position[0] - P[o]!, s.position[1] - P[o + 1]!, s.position[2] - P[o + 2]!, tmp);
      const rq = quatMul(quatConj(lq), sq);
      this.shapeLocal.set([tmp[0]!, tmp[1]!, tmp[2]!, rq.w, rq.x, rq.y, rq.z], 7 * i);
    });
    this.poses = Float64Array.from(this.initialPoses);
    this.startNs = ctx.startNs;
    this.t = ctx.startNs;
    this.frame = 0;
    this.episode = 0;
    // A re-init may see another scene: always a fresh page.
    const old = this.browser;
    this.browser = undefined;
    if (old !== undefined) await old.close();
    const generation = ++this.generation;
    const browser = await ChromiumCamera.launch(this.executablePath, geometry, this.width, this.height, this.antialias, this.shareBrowser);
    if (generation !== this.generation) {
      // dispose() (or another init) ran while Chromium was starting: do not leak this page.
      await browser.close();
      throw new EngineError(this.name, ctx.startNs, 'init() was overtaken by dispose() or another init() while Chromium was starting');
    }
    this.browser = browser;
    return this.render();
  }

  /** Renders the poses received at `now` (held if none arrive); the image is the output at `to`. */
  advance(to: TimeNs, inputs: Inputs): Promise<Outputs> {
    if (this.browser === undefined) throw new EngineError(this.name, this.t, 'advance() before init() (or after dispose())');
    checkStep(this.name, this.t, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    // Copied now: the writer may reuse its array once this call returns.
    const p = inputs['poses'] as Float64Array | undefined;
    if (p !== undefined) this.poses.set(p);
    this.t = to;
    this.frame++;
    return this.render();
  }

  /** Back to the scene as built; a camera keeps nothing across resets. */
  reset(opts?: ResetOptions): Promise<Outputs> {
    if (this.browser === undefined) throw new EngineError(this.name, this.t, 'reset() before init() (or after dispose())');
    if (opts?.keep && opts.keep.length > 0) {
      throw new ValidationError(`${this.name}.reset.keep`, opts.keep, 'an empty list (a camera keeps no state across resets)', 'omit keep for camera engines');
    }
    this.poses.set(this.initialPoses);
    this.t = this.startNs;
    this.frame = 0;
    this.episode++;
    return this.render();
  }

  /** Closes the camera's page and its browser (a shared browser when its last camera is disposed). Idempotent. */
  async dispose(): Promise<void> {
    this.generation++;
    const b = this.browser;
    this.browser = undefined;
    if (b !== undefined) await b.close();
  }

  /** Frames rendered since construction and their mean wall cost (ms; page round trip included). */
  renderStats(): { frames: number; meanMs: number } {
    return { frames: this.frames, meanMs: this.frames > 0 ? this.renderMs / this.frames : 0 };
  }

  private async render(): Promise<Outputs> {
    // Everything that depends on engine state is computed before the first await.
    const fp = this.framePoses;
    const P = this.poses, L = this.shapeLocal;
    for (let i = 0; i < this.shapeLink.length; i++) {
      const li = this.shapeLink[i]!;
      if (li < 0) continue; // a world shape: its pose was written at init
      const s = 7 * i;
      // World pose = link pose ∘ local pose (no allocation: scratch quaternion and vector).
      const o = 7 * li;
      const lq = this.scratchQ, wp = this.scratchV;
      lq.w = P[o + 3]!; lq.x = P[o + 4]!; lq.y = P[o + 5]!; lq.z = P[o + 6]!;
      rotateInto(lq, L[s]!, L[s + 1]!, L[s + 2]!, wp);
      const bw = L[s + 3]!, bx = L[s + 4]!, by = L[s + 5]!, bz = L[s + 6]!;
      fp[s] = P[o]! + wp[0]!; fp[s + 1] = P[o + 1]! + wp[1]!; fp[s + 2] = P[o + 2]! + wp[2]!;
      fp[s + 3] = lq.w * bx + lq.x * bw + lq.y * bz - lq.z * by;
      fp[s + 4] = lq.w * by - lq.x * bz + lq.y * bw + lq.z * bx;
      fp[s + 5] = lq.w * bz + lq.x * by - lq.y * bx + lq.z * bw;
      fp[s + 6] = lq.w * bw - lq.x * bx - lq.y * by - lq.z * bz;
    }
    const cam = this.cameraPose();
    const frame = this.frame, episode = this.episode;
    const browser = this.browser!;
    const t0 = performance.now();
    const rgb = await browser.frame(fp, cam);
    this.renderMs += performance.now() - t0;
    this.frames++;
    if (this.png !== undefined && frame % this.png.every === 0) {
      await browser.writePng(this.png.dir, `${this.name}-e${episode}-f${String(frame).padStart(6, '0')}.png`);
    }
    return { image: Float64Array.from(rgb) };
  }

  private cameraPose(): PageCamera {
    const m = this.mount;
    if (m.kind === 'fixed') return this.fixedCamera!;
    const o = 7 * this.mountLink, P = this.poses;
    const q: Quat = { w: P[o + 3]!, x: P[o + 4]!, y: P[o + 5]!, z: P[o + 6]! };
    const off = rotate(q, m.xyz);
    const position: V3 = [P[o]! + off[0], P[o + 1]! + off[1], P[o + 2]! + off[2]];
    const f = rotate(q, m.forward ?? [1, 0, 0]);
    return { position, target: [position[0] + f[0], position[1] + f[1], position[2] + f[2]], up: rotate(q, m.up ?? [0, 0, 1]), fovRad: m.fovRad };
  }
}

function checkVec(field: string, v: unknown, nonZero = false): void {
  const ok = Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!ok || (nonZero && (v as number[]).every((x) => x === 0))) {
    throw new ValidationError(field, v, nonZero ? 'three finite numbers, not all zero' : 'three finite numbers [x, y, z]', 'give a 3-vector in metres (directions need not be unit length)');
  }
}
