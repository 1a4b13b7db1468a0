/**
 * Touch: `<name>.force` is the total contact force magnitude (N) on a link's colliders, from
 * Rapier's contact-force events averaged over the step's substeps. Pressure: `<name>.pressure` (Pa)
 * = (contact force + normal force of fluid jets from the environment, e.g. an air puff) / area.
 */
import type { AnalogPortDecl } from '../../core/ports.js';
import type { RobotLayout } from '../build-robot.js';
import type { SensorDesc } from '../robot-desc.js';
import type { SensorContext, SensorRuntime } from './sensor-runtime.js';

/** Contact force on a link. */
export class ContactSensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly li: number;
  private readonly port: string;
  constructor(desc: Extract<SensorDesc, { type: 'contact' }>, layout: RobotLayout) {
    this.li = layout.linkIndex.get(desc.link)!;
    this.port = `${desc.name}.force`;
    this.ports = { [this.port]: { kind: 'analog', shape: [1], unit: 'N', description: `total contact force on link '${desc.link}'` } };
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    out[this.port]![0] = ctx.rt.contactForce[this.li]!;
  }
}

/** Pressure on a link surface from contacts and jets. */
export class PressureSensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly li: number;
  private readonly port: string;
  constructor(private readonly desc: Extract<SensorDesc, { type: 'pressure' }>, layout: RobotLayout) {
    this.li = layout.linkIndex.get(desc.link)!;
    this.port = `${desc.name}.pressure`;
    this.ports = { [this.port]: { kind: 'analog', shape: [1], unit: 'Pa', description: `mean pressure on link '${desc.link}' (contacts + air jets) over ${desc.areaM2} m²` } };
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    const jet = ctx.env ? ctx.env.jetForceOn(this.desc.link) : 0;
    out[this.port]![0] = (ctx.rt.contactForce[this.li]! + jet) / this.desc.areaM2;
  }
}
