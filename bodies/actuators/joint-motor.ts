/**
 * Joint motor in torque, position or velocity mode with a maximum force/torque. All modes are
 * explicit drives evaluated every physics substep and saturated at ±maxForce (the physical limit
 * of the drive); the applied value is reported on `<name>.effort`, so saturation is never silent.
 * - torque: effort = command (N·m | N).
 * - position: PD towards target = offset + scale·command: effort = k·(target − q) − d·q̇.
 * - velocity: effort = d·(target − q̇).
 * Explicit PD is stable while k·h²/I ≲ 1 and d·h/I ≲ 1 (h = substep, I = inertia felt by the joint);
 * use substeps for stiff, light joints. Commands outside `commandRange` are rejected with a
 * ValidationError naming the port.
 */
import { ValidationError } from '../../core/errors.js';
import type { AnalogPortDecl } from '../../core/ports.js';
import type { JointLayout, RobotLayout } from '../build-robot.js';
import type { ActuatorDesc } from '../robot-desc.js';
import type { RobotRuntime } from '../robot-runtime.js';
import type { ActuatorRuntime } from './actuator-runtime.js';

type MotorDesc = Extract<ActuatorDesc, { type: 'motor' }>;

/** A joint motor. */
export class JointMotor implements ActuatorRuntime {
  readonly inputPort: string;
  readonly inputDecl: AnalogPortDecl;
  readonly outputs: Record<string, AnalogPortDecl>;
  private readonly joint: JointLayout;
  private readonly ji: number;
  private command = 0;
  private effort = 0;
  private readonly ax = [0, 0, 0];
  constructor(private readonly desc: MotorDesc, layout: RobotLayout) {
    this.ji = layout.jointIndex.get(desc.joint)!;
    this.joint = layout.joints[this.ji]!;
    const lin = this.joint.type === 'prismatic';
    const unit = desc.scale !== undefined || desc.offset !== undefined ? '1' :
      desc.mode === 'torque' ? (lin ? 'N' : 'N*m') : desc.mode === 'position' ? (lin ? 'm' : 'rad') : lin ? 'm/s' : 'rad/s';
    this.inputPort = `${desc.name}.command`;
    const range = desc.commandRange ? ` in [${desc.commandRange[0]}, ${desc.commandRange[1]}]` : '';
    this.inputDecl = { kind: 'analog', shape: [1], unit, description: `${desc.mode} command for joint '${desc.joint}'${range}` };
    this.outputs = { [`${desc.name}.effort`]: { kind: 'analog', shape: [1], unit: lin ? 'N' : 'N*m', description: 'applied torque/force after saturation at maxForce' } };
  }
  setCommand(_rt: RobotRuntime, command: number | undefined, engine: string): void {
    if (command === undefined) return;
    const r = this.desc.commandRange;
    if (r && (command < r[0] || command > r[1])) {
      throw new ValidationError(`${engine}.inputs.${this.inputPort}`, command, `a value in [${r[0]}, ${r[1]}]`, 'scale or clip the command in the transceiver that writes it');
    }
    this.command = command;
  }
  /** Drive effort (before saturation) for joint state (q, q̇). */
  private demand(q: number, qd: number): number {
    const target = (this.desc.offset ?? 0) + (this.desc.scale ?? 1) * this.command;
    switch (this.desc.mode) {
      case 'torque': return target;
      case 'position': return (this.desc.stiffness ?? 0) * (target - q) - (this.desc.damping ?? 0) * qd;
      case 'velocity': return (this.desc.damping ?? 1) * (target - qd);
    }
  }
  applyForces(rt: RobotRuntime): void {
    const needState = this.desc.mode !== 'torque';
    const raw = this.demand(needState ? rt.position(this.ji) : 0, needState ? rt.velocity(this.ji) : 0);
    const e = Math.max(-this.desc.maxForce, Math.min(this.desc.maxForce, raw));
    this.effort = e;
    if (e === 0) return;
    const a = this.ax;
    rt.axisWorld(this.joint, a);
    const c = rt.bodies[this.joint.child]!;
    const p = rt.bodies[this.joint.parent]!;
    if (this.joint.type === 'prismatic') {
      c.addForce({ x: e * a[0]!, y: e * a[1]!, z: e * a[2]! }, true);
      p.addForceAtPoint({ x: -e * a[0]!, y: -e * a[1]!, z: -e * a[2]! }, c.translation(), true);
    } else {
      c.addTorque({ x: e * a[0]!, y: e * a[1]!, z: e * a[2]! }, true);
      p.addTorque({ x: -e * a[0]!, y: -e * a[1]!, z: -e * a[2]! }, true);
    }
  }
  writeOutputs(out: Record<string, Float64Array>): void {
    out[`${this.desc.name}.effort`]![0] = this.effort;
  }
  reset(rt: RobotRuntime): void {
    this.command = 0;
    this.effort = 0;
    void rt;
  }
  getState(): [number, number] {
    return [this.command, this.effort];
  }
  setState(s: unknown): void {
    [this.command, this.effort] = s as [number, number];
  }
}
