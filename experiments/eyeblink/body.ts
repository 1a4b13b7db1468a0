/**
 * The embodied part of the eye-blink experiment: a head with a hinged, motorised eyelid over a
 * cornea (bodies/ RobotDesc on Rapier) in a small environment with a tone source and an air-puff
 * nozzle aimed at the cornea.
 *
 * Physics of the puff [inference, see specs/eyeblink.md "The body"]: when the valve opens, air
 * leaves the nozzle and reaches the cornea after distance/speed (5 cm at 10 m/s = 5 ms); while it
 * flows it pushes on whatever it hits first. The eyelid covers the cornea in proportion to its
 * closure angle, so the force on the cornea is F·(1 − coverage) and the rest lands on the lid (a
 * real torque on the hinge). A conditioned response that closes the lid before the puff therefore
 * shields the cornea: the cornea pressure sensor reads less, and the IO fires less.
 */
import { BodyEngine } from '../../bodies/body-engine.js';
import type { SceneAccess, BodyEnvironment } from '../../bodies/scene.js';
import type { RobotDescInput } from '../../bodies/robot-desc.js';
import type { Inputs, PortSpec } from '../../core/ports.js';
import type { Vec3 } from '../../bodies/math3d.js';

/** Fully-closed eyelid angle (rad) about the hinge. */
export const LID_CLOSED_RAD = 1.2;

/** Port names of the eye-blink body on the bus (engine `body`). */
export const BODY_PORTS = {
  toneTrigger: 'body.tone.trigger',
  nozzleTrigger: 'body.nozzle.trigger',
  eyelidCommand: 'body.eyelid.command',
  eyelidClosure: 'body.eyelid.closure',
  cornea: 'body.cornea.pressure',
  ear: 'body.ear.level',
} as const;

/** The head: a fixed skull, a cornea patch (fixed joint) and an eyelid on a revolute hinge (x axis). */
export function eyeblinkHeadRobot(): RobotDescInput {
  const lidMass = 0.002;
  // thin box 2 cm × 2 cm × 1 mm, hinged at its top edge: I about the hinge ≈ m·h²/3
  const ilid = (lidMass * 0.02 * 0.02) / 12;
  return {
    name: 'head',
    base: { type: 'fixed', xyz: [0, 0, 0.3] },
    links: [
      { name: 'skull', mass: 0, inertia: { ixx: 0, iyy: 0, izz: 0 }, colliders: [{ shape: 'sphere', radius: 0.05, xyz: [-0.06, 0, 0] }] },
      { name: 'cornea', mass: 0.001, inertia: { ixx: 1e-8, iyy: 1e-8, izz: 1e-8 }, colliders: [{ shape: 'box', size: [0.002, 0.012, 0.012] }] },
      { name: 'lid', mass: lidMass, com: [0, 0, -0.01], inertia: { ixx: ilid, iyy: ilid, izz: ilid / 10 }, colliders: [] },
    ],
    joints: [
      { name: 'cornea_mount', type: 'fixed', parent: 'skull', child: 'cornea', xyz: [0, 0, 0] },
      { name: 'lid_hinge', type: 'revolute', parent: 'skull', child: 'lid', xyz: [0.004, 0, 0.011], axis: [0, 1, 0], limits: { lower: 0, upper: LID_CLOSED_RAD, effort: 0.05, velocity: 40 }, damping: 1e-5 },
    ],
    sensors: [
      { type: 'closure', name: 'eyelid', joint: 'lid_hinge', open: 0, closed: LID_CLOSED_RAD },
      { type: 'pressure', name: 'cornea', link: 'cornea', areaM2: 1.2e-4 },
      { type: 'sound', name: 'ear', link: 'skull', xyz: [-0.06, 0.05, 0] },
    ],
    actuators: [
      // Command = closure target in [0, 1] → hinge angle; a stiff PD drive like the orbicularis oculi.
      { type: 'motor', name: 'eyelid', joint: 'lid_hinge', mode: 'position', maxForce: 0.05, stiffness: 0.02, damping: 2e-4, commandRange: [0, 1], scale: LID_CLOSED_RAD, offset: 0 },
    ],
  };
}

/** Options of the puff/tone environment. */
export interface PuffEnvironmentOptions {
  /** Force of the full jet on an unshielded cornea (N). */
  readonly jetForceN: number;
  /** Nozzle → cornea distance (m) and air speed (m/s). */
  readonly distanceM: number;
  readonly airSpeedMs: number;
  /** Tone amplitude at 1 m (Pa RMS) and source position. */
  readonly toneAmplitudePa: number;
  readonly tonePos: Vec3;
}

/** Tone source and air-puff nozzle (implements bodies' BodyEnvironment seam structurally). */
export class PuffEnvironment implements BodyEnvironment {
  readonly ports: PortSpec = {
    inputs: {
      'nozzle.trigger': { kind: 'analog', shape: [1], unit: '1', description: 'valve open (1) or closed (0)' },
      'tone.trigger': { kind: 'analog', shape: [1], unit: '1', description: 'tone on (1) or off (0)' },
    },
    outputs: {
      'nozzle.flow': { kind: 'analog', shape: [1], unit: '1', description: 'jet arriving at the eye (0..1)' },
      'eyelid.coverage': { kind: 'analog', shape: [1], unit: '1', description: 'fraction of the cornea covered by the lid' },
    },
  };
  private valve: number[] = [];
  private delaySteps = 1;
  private toneOn = false;
  private arriving = 0;
  private coverage = 0;

  constructor(private readonly o: PuffEnvironmentOptions = { jetForceN: 0.006, distanceM: 0.05, airSpeedMs: 10, toneAmplitudePa: 0.2, tonePos: [0.5, 0, 0.3] }) {}

  build(scene: SceneAccess): void {
    this.delaySteps = Math.max(1, Math.round(this.o.distanceM / this.o.airSpeedMs / scene.dtS));
    this.resetState();
  }
  attach(): void {}
  beginStep(scene: SceneAccess, inputs: Inputs, _tNs: number): void {
    const v = (inputs['nozzle.trigger'] as Float64Array | undefined)?.[0] ?? 0;
    const tone = (inputs['tone.trigger'] as Float64Array | undefined)?.[0] ?? 0;
    this.toneOn = tone > 0.5;
    this.valve.push(v > 0.5 ? 1 : 0);
    this.arriving = this.valve.shift() ?? 0;
    this.coverage = lidCoverage(scene);
  }
  applyForces(scene: SceneAccess): void {
    if (this.arriving <= 0) return;
    // The part of the jet that hits the lid pushes it open-wards (−x direction of the jet is +x here).
    const lid = scene.body('lid');
    if (lid !== undefined) lid.addForce({ x: -this.o.jetForceN * this.coverage * this.arriving, y: 0, z: 0 }, true);
  }
  writeOutputs(scene: SceneAccess, out: Record<string, Float64Array>): void {
    (out['nozzle.flow'] as Float64Array)[0] = this.arriving;
    (out['eyelid.coverage'] as Float64Array)[0] = lidCoverage(scene);
  }
  irradianceAt(): number {
    return 0;
  }
  soundLevelAt(_scene: SceneAccess, pos: Vec3): number {
    if (!this.toneOn) return 0;
    const d = Math.hypot(pos[0] - this.o.tonePos[0], pos[1] - this.o.tonePos[1], pos[2] - this.o.tonePos[2]);
    return this.o.toneAmplitudePa / Math.max(0.05, d);
  }
  jetForceOn(link: string): number {
    return link === 'cornea' ? this.o.jetForceN * this.arriving * (1 - this.coverage) : 0;
  }
  getState(): unknown {
    return { valve: this.valve.slice(), toneOn: this.toneOn, arriving: this.arriving, coverage: this.coverage };
  }
  setState(s: unknown): void {
    const st = s as { valve: number[]; toneOn: boolean; arriving: number; coverage: number };
    this.valve = st.valve.slice();
    this.toneOn = st.toneOn;
    this.arriving = st.arriving;
    this.coverage = st.coverage;
  }
  resetState(): void {
    this.valve = new Array(this.delaySteps).fill(0);
    this.toneOn = false;
    this.arriving = 0;
    this.coverage = 0;
  }
}

/** Fraction of the cornea covered: the lid's hinge angle over the closed angle, in [0, 1]. */
function lidCoverage(scene: SceneAccess): number {
  const skull = scene.body('skull');
  const lid = scene.body('lid');
  if (skull === undefined || lid === undefined) return 0;
  const a = skull.rotation();
  const b = lid.rotation();
  // relative rotation conj(a)·b, projected on the hinge axis (y)
  const w = a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z;
  const y = a.w * b.y - a.y * b.w + a.x * b.z - a.z * b.x;
  const angle = 2 * Math.atan2(y, w);
  return Math.min(1, Math.max(0, angle / LID_CLOSED_RAD));
}

/** Builds the body engine (engine name `body`, dt 1 ms). */
export async function makeEyeblinkBody(): Promise<BodyEngine> {
  return new BodyEngine({ name: 'body', robot: eyeblinkHeadRobot(), environment: new PuffEnvironment(), dtNs: 1_000_000 });
}
