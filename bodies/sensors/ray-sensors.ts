/**
 * Range sensing by Rapier ray casts (in-process, no renderer): a single-beam distance sensor and a
 * pinhole depth image. Rays ignore the link that carries the sensor. Depth is the distance along
 * each pixel's ray (not the z-buffer depth), `maxRangeM` where nothing is hit.
 */
import type { AnalogPortDecl } from '../../core/ports.js';
import type { RobotLayout } from '../build-robot.js';
import { type Quat, QUAT_IDENTITY, normalize, quatFromRpy, quatMul, rotateInto, type Vec3 } from '../math3d.js';
import type { RapierModule } from '../rapier.js';
import type { SensorDesc } from '../robot-desc.js';
import type { SensorContext, SensorRuntime } from './sensor-runtime.js';

/** Single-beam range finder. */
export class RaySensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly li: number;
  private readonly port: string;
  private readonly dir: Vec3;
  private readonly o = [0, 0, 0];
  private readonly d = [0, 0, 0];
  private ray: InstanceType<RapierModule['Ray']> | undefined;
  constructor(private readonly desc: Extract<SensorDesc, { type: 'ray' }>, layout: RobotLayout) {
    this.li = layout.linkIndex.get(desc.link)!;
    this.port = `${desc.name}.distance`;
    this.dir = normalize(desc.direction);
    this.ports = { [this.port]: { kind: 'analog', shape: [1], unit: 'm', description: `range along the beam, ${desc.maxRangeM} m if nothing is hit` } };
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    const b = ctx.rt.bodies[this.li]!;
    const q = b.rotation();
    const t = b.translation();
    const xyz = this.desc.xyz ?? [0, 0, 0];
    rotateInto(q, xyz[0], xyz[1], xyz[2], this.o);
    rotateInto(q, this.dir[0], this.dir[1], this.dir[2], this.d);
    this.ray ??= new ctx.scene.rapier.Ray({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 });
    const r = this.ray;
    r.origin.x = t.x + this.o[0]!; r.origin.y = t.y + this.o[1]!; r.origin.z = t.z + this.o[2]!;
    r.dir.x = this.d[0]!; r.dir.y = this.d[1]!; r.dir.z = this.d[2]!;
    const hit = ctx.scene.world.castRay(r, this.desc.maxRangeM, true, undefined, undefined, undefined, b);
    out[this.port]![0] = hit === null ? this.desc.maxRangeM : hit.timeOfImpact;
  }
}

/** Depth image of `height × width` pixels looking along the sensor frame's +X (Y left, Z up). */
export class DepthSensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly li: number;
  private readonly port: string;
  private readonly mount: Quat;
  /** Unit ray directions in the sensor frame, row-major (row 0 = top). */
  private readonly dirs: Float64Array;
  private readonly o = [0, 0, 0];
  private readonly d = [0, 0, 0];
  private ray: InstanceType<RapierModule['Ray']> | undefined;
  constructor(private readonly desc: Extract<SensorDesc, { type: 'depth' }>, layout: RobotLayout) {
    this.li = layout.linkIndex.get(desc.link)!;
    this.port = `${desc.name}.depth`;
    this.mount = desc.rpy ? quatFromRpy(desc.rpy) : { ...QUAT_IDENTITY };
    const { width: w, height: h } = desc;
    const f = (w / 2) / Math.tan((desc.fovDeg * Math.PI) / 360);
    this.dirs = new Float64Array(w * h * 3);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const y = -(c + 0.5 - w / 2);
        const z = -(r + 0.5 - h / 2);
        const n = Math.hypot(f, y, z);
        const k = (r * w + c) * 3;
        this.dirs[k] = f / n; this.dirs[k + 1] = y / n; this.dirs[k + 2] = z / n;
      }
    }
    this.ports = { [this.port]: { kind: 'analog', shape: [h, w], unit: 'm', description: `depth image ${w}×${h}, horizontal FOV ${desc.fovDeg}°, ${desc.maxRangeM} m where nothing is hit` } };
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    const b = ctx.rt.bodies[this.li]!;
    const t = b.translation();
    const q = quatMul(b.rotation(), this.mount);
    const xyz = this.desc.xyz ?? [0, 0, 0];
    rotateInto(b.rotation(), xyz[0], xyz[1], xyz[2], this.o);
    this.ray ??= new ctx.scene.rapier.Ray({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 });
    const r = this.ray;
    r.origin.x = t.x + this.o[0]!; r.origin.y = t.y + this.o[1]!; r.origin.z = t.z + this.o[2]!;
    const img = out[this.port]!;
    const max = this.desc.maxRangeM;
    const world = ctx.scene.world;
    for (let i = 0, n = img.length; i < n; i++) {
      rotateInto(q, this.dirs[3 * i]!, this.dirs[3 * i + 1]!, this.dirs[3 * i + 2]!, this.d);
      r.dir.x = this.d[0]!; r.dir.y = this.d[1]!; r.dir.z = this.d[2]!;
      const hit = world.castRay(r, max, true, undefined, undefined, undefined, b);
      img[i] = hit === null ? max : hit.timeOfImpact;
    }
  }
}
