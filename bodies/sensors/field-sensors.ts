/**
 * Sensors of environment fields: a photodiode (`<name>.irradiance`, W/m², cosine response on a
 * surface facing `direction`, walls occlude) and a microphone (`<name>.level`, Pa RMS). Both read
 * 0 when the engine has no environment.
 */
import type { AnalogPortDecl } from '../../core/ports.js';
import type { RobotLayout } from '../build-robot.js';
import { normalize, rotateInto, type Vec3 } from '../math3d.js';
import type { SensorDesc } from '../robot-desc.js';
import type { SensorContext, SensorRuntime } from './sensor-runtime.js';

function worldPoint(ctx: SensorContext, li: number, xyz: Vec3, out: number[]): void {
  const b = ctx.rt.bodies[li]!;
  const t = b.translation();
  rotateInto(b.rotation(), xyz[0], xyz[1], xyz[2], out);
  out[0] = out[0]! + t.x; out[1] = out[1]! + t.y; out[2] = out[2]! + t.z;
}

/** Light sensor. */
export class LightSensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly li: number;
  private readonly port: string;
  private readonly dir: Vec3;
  private readonly p = [0, 0, 0];
  private readonly n = [0, 0, 0];
  constructor(private readonly desc: Extract<SensorDesc, { type: 'light' }>, layout: RobotLayout) {
    this.li = layout.linkIndex.get(desc.link)!;
    this.dir = normalize(desc.direction);
    this.port = `${desc.name}.irradiance`;
    this.ports = { [this.port]: { kind: 'analog', shape: [1], unit: 'W/m^2', description: 'irradiance from the environment light sources' } };
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    if (!ctx.env) { out[this.port]![0] = 0; return; }
    worldPoint(ctx, this.li, this.desc.xyz ?? [0, 0, 0], this.p);
    rotateInto(ctx.rt.bodies[this.li]!.rotation(), this.dir[0], this.dir[1], this.dir[2], this.n);
    out[this.port]![0] = ctx.env.irradianceAt(ctx.scene, [this.p[0]!, this.p[1]!, this.p[2]!], [this.n[0]!, this.n[1]!, this.n[2]!]);
  }
}

/** Microphone. */
export class SoundSensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly li: number;
  private readonly port: string;
  private readonly p = [0, 0, 0];
  constructor(private readonly desc: Extract<SensorDesc, { type: 'sound' }>, layout: RobotLayout) {
    this.li = layout.linkIndex.get(desc.link)!;
    this.port = `${desc.name}.level`;
    this.ports = { [this.port]: { kind: 'analog', shape: [1], unit: 'Pa', description: 'sound pressure (RMS) from the environment tone sources' } };
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    if (!ctx.env) { out[this.port]![0] = 0; return; }
    worldPoint(ctx, this.li, this.desc.xyz ?? [0, 0, 0], this.p);
    out[this.port]![0] = ctx.env.soundLevelAt(ctx.scene, [this.p[0]!, this.p[1]!, this.p[2]!]);
  }
}
