/**
 * An antagonist pair of Hill-type muscles on a hinge (flexor pulls towards +q, extensor towards
 * −q) with a constant moment arm r. Per muscle: first-order activation dynamics
 * da/dt = (u − a)/τ (τ = activation τ when u > a, deactivation τ otherwise), fibre length
 * l = l₀ ∓ r·q, and force F = Fmax·(a·fL(l̃)·fV(ṽ) + fPE(l̃)) with the classic curves:
 * fL = exp(−((l̃−1)/0.45)²), Hill's hyperbola for shortening fV = (1 − ṽ)/(1 + ṽ/0.25) (ṽ in units
 * of vmax), a saturating lengthening branch to 1.8, and passive fPE = 4(l̃−1)² for l̃ > 1.
 * The command in [−1, 1] sets u_flexor = max(c, 0), u_extensor = max(−c, 0).
 */
import { ValidationError } from '../../core/errors.js';
import type { AnalogPortDecl } from '../../core/ports.js';
import type { JointLayout, RobotLayout } from '../build-robot.js';
import type { ActuatorDesc } from '../robot-desc.js';
import type { RobotRuntime } from '../robot-runtime.js';
import type { ActuatorRuntime } from './actuator-runtime.js';

type MuscleDesc = Extract<ActuatorDesc, { type: 'muscle' }>;

/** Active force-length factor (normalised length l̃ = l/l_opt). */
export function forceLength(lNorm: number): number {
  const d = (lNorm - 1) / 0.45;
  return Math.exp(-d * d);
}
/** Force-velocity factor; `vShort` is the shortening speed in units of vmax (negative = lengthening). */
export function forceVelocity(vShort: number): number {
  if (vShort >= 1) return 0;
  if (vShort >= 0) return (1 - vShort) / (1 + vShort / 0.25);
  return 1.8 - (0.8 * (1 + vShort)) / (1 - (7.56 * vShort) / 0.25);
}
/** Passive force factor. */
export function passiveForce(lNorm: number): number {
  return lNorm > 1 ? 4 * (lNorm - 1) * (lNorm - 1) : 0;
}

/** The antagonist muscle pair. */
export class HillMusclePair implements ActuatorRuntime {
  readonly inputPort: string;
  readonly inputDecl: AnalogPortDecl;
  readonly outputs: Record<string, AnalogPortDecl>;
  private readonly joint: JointLayout;
  private readonly ji: number;
  private u = 0;
  /** Activations [flexor, extensor]. */
  readonly act = new Float64Array(2);
  private torque = 0;
  private readonly ax = [0, 0, 0];
  constructor(private readonly desc: MuscleDesc, layout: RobotLayout) {
    this.ji = layout.jointIndex.get(desc.joint)!;
    this.joint = layout.joints[this.ji]!;
    this.inputPort = `${desc.name}.command`;
    this.inputDecl = { kind: 'analog', shape: [1], unit: '1', description: 'neural drive in [-1, 1]: + flexor, − extensor' };
    this.outputs = {
      [`${desc.name}.activation`]: { kind: 'analog', shape: [2], unit: '1', description: 'activations [flexor, extensor]' },
      [`${desc.name}.torque`]: { kind: 'analog', shape: [1], unit: 'N*m', description: 'net muscle torque about the joint axis' },
    };
  }
  setCommand(_rt: RobotRuntime, command: number | undefined, engine: string): void {
    if (command === undefined) return;
    if (command < -1 || command > 1) throw new ValidationError(`${engine}.inputs.${this.inputPort}`, command, 'a drive in [-1, 1]', 'scale the drive in the transceiver that writes it');
    this.u = command;
  }
  /** Net torque for joint angle q (rad) and velocity (rad/s) at the current activations. */
  torqueAt(q: number, qd: number): number {
    const d = this.desc;
    const r = d.momentArmM;
    const vmax = d.maxVelocityLps * d.optimalLengthM;
    const lf = (d.optimalLengthM - r * q) / d.optimalLengthM;
    const le = (d.optimalLengthM + r * q) / d.optimalLengthM;
    const ff = d.maxIsometricForceN * (this.act[0]! * forceLength(lf) * forceVelocity((r * qd) / vmax) + passiveForce(lf));
    const fe = d.maxIsometricForceN * (this.act[1]! * forceLength(le) * forceVelocity((-r * qd) / vmax) + passiveForce(le));
    return r * (ff - fe);
  }
  /** Advances activation dynamics by `dtS` (exact exponential step for a constant drive). */
  stepActivation(dtS: number): void {
    const d = this.desc;
    const targets = [Math.max(this.u, 0), Math.max(-this.u, 0)];
    for (let k = 0; k < 2; k++) {
      const a = this.act[k]!;
      const u = targets[k]!;
      const tau = (u > a ? d.activationTauMs : d.deactivationTauMs) / 1000;
      this.act[k] = u + (a - u) * Math.exp(-dtS / tau);
    }
  }
  applyForces(rt: RobotRuntime, substepS: number): void {
    this.stepActivation(substepS);
    this.torque = this.torqueAt(rt.position(this.ji), rt.velocity(this.ji));
    const a = this.ax;
    rt.axisWorld(this.joint, a);
    const t = this.torque;
    rt.bodies[this.joint.child]!.addTorque({ x: t * a[0]!, y: t * a[1]!, z: t * a[2]! }, true);
    rt.bodies[this.joint.parent]!.addTorque({ x: -t * a[0]!, y: -t * a[1]!, z: -t * a[2]! }, true);
  }
  writeOutputs(out: Record<string, Float64Array>): void {
    out[`${this.desc.name}.activation`]!.set(this.act);
    out[`${this.desc.name}.torque`]![0] = this.torque;
  }
  reset(): void {
    this.u = 0;
    this.act.fill(0);
    this.torque = 0;
  }
  getState(): number[] {
    return [this.u, this.act[0]!, this.act[1]!, this.torque];
  }
  setState(s: unknown): void {
    const v = s as number[];
    this.u = v[0]!; this.act[0] = v[1]!; this.act[1] = v[2]!; this.torque = v[3]!;
  }
}
