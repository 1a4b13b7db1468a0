/** Joint encoders (position, velocity) and a normalised closure reading (eyelids, grippers). */
import type { AnalogPortDecl } from '../../core/ports.js';
import type { RobotLayout } from '../build-robot.js';
import type { SensorDesc } from '../robot-desc.js';
import type { SensorContext, SensorRuntime } from './sensor-runtime.js';

/** `<name>.position` and `<name>.velocity` of one joint. */
export class EncoderSensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly ji: number;
  constructor(private readonly desc: Extract<SensorDesc, { type: 'encoder' }>, layout: RobotLayout) {
    this.ji = layout.jointIndex.get(desc.joint)!;
    const lin = layout.joints[this.ji]!.type === 'prismatic';
    this.ports = {
      [`${desc.name}.position`]: { kind: 'analog', shape: [1], unit: lin ? 'm' : 'rad', description: `position of joint '${desc.joint}'` },
      [`${desc.name}.velocity`]: { kind: 'analog', shape: [1], unit: lin ? 'm/s' : 'rad/s', description: `velocity of joint '${desc.joint}'` },
    };
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    out[`${this.desc.name}.position`]![0] = ctx.rt.position(this.ji);
    out[`${this.desc.name}.velocity`]![0] = ctx.rt.velocity(this.ji);
  }
}

/** `<name>.closure`: (q − open)/(closed − open), 0 = open, 1 = closed. */
export class ClosureSensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly ji: number;
  private readonly port: string;
  constructor(private readonly desc: Extract<SensorDesc, { type: 'closure' }>, layout: RobotLayout) {
    this.ji = layout.jointIndex.get(desc.joint)!;
    this.port = `${desc.name}.closure`;
    this.ports = { [this.port]: { kind: 'analog', shape: [1], unit: '1', description: `closure of joint '${desc.joint}': 0 open, 1 closed` } };
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    out[this.port]![0] = (ctx.rt.position(this.ji) - this.desc.open) / (this.desc.closed - this.desc.open);
  }
}
