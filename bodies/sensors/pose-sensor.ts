/** Ground-truth link pose `<name>.pose` = [x, y, z, qw, qx, qy, qz] in the world frame. */
import type { AnalogPortDecl } from '../../core/ports.js';
import type { RobotLayout } from '../build-robot.js';
import type { SensorDesc } from '../robot-desc.js';
import type { SensorContext, SensorRuntime } from './sensor-runtime.js';

/** Ground-truth pose of a link. */
export class PoseSensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly li: number;
  private readonly port: string;
  constructor(desc: Extract<SensorDesc, { type: 'pose' }>, layout: RobotLayout) {
    this.li = layout.linkIndex.get(desc.link)!;
    this.port = `${desc.name}.pose`;
    this.ports = { [this.port]: { kind: 'analog', shape: [7], unit: 'm, 1', description: `world pose of link '${desc.link}': x, y, z, qw, qx, qy, qz` } };
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    const b = ctx.rt.bodies[this.li]!;
    const t = b.translation();
    const q = b.rotation();
    const o = out[this.port]!;
    o[0] = t.x; o[1] = t.y; o[2] = t.z; o[3] = q.w; o[4] = q.x; o[5] = q.y; o[6] = q.z;
  }
}
