/**
 * WorldEnvironment: builds a WorldDesc into a body engine's Rapier world and runs its devices.
 * - lights/tones: fields read by the robot's light and sound sensors (walls occlude light).
 * - nozzles: an air puff as a bundle of streamlines (see NozzleSchema). Each step, every streamline
 *   is ray-cast from the nozzle; its momentum reaches the first surface it hits after the travel
 *   time distance/frontSpeed (a per-nozzle delay line of valve states), pushes that body and adds
 *   its normal force to the link's pressure. A closed eyelid in front of the cornea therefore takes
 *   the puff instead of the cornea; a half-closed one takes part of it.
 * - payloads: boxes fixed to a robot link, released when `<name>.attached` goes to 0.
 */
import { UnsupportedFeatureError, ValidationError } from '../core/errors.js';
import type { Inputs, PortDecl, PortSpec } from '../core/ports.js';
import type { BodyEnvironment, RapierBody, SceneAccess, Vec3 } from './scene-types.js';
import { validateWorld } from './validate-world.js';
import type { WorldDesc } from './world-desc.js';

const AIR_DENSITY = 1.2;

interface JetRay {
  /** Unit direction (world). */
  readonly d: Vec3;
}
interface NozzleRuntime {
  readonly rays: JetRay[];
  /** Momentum flux per streamline (N) at a fully open valve. */
  readonly fluxPerRay: number;
  /** Valve history, newest at `head`. */
  readonly valve: Float64Array;
  head: number;
  /** Per ray this step: hit collider handle (−1 none; Rapier handles are f64 bit patterns, so Float64Array), arrival factor (valve fraction), hit point, normal cosine. */
  readonly hitHandle: Float64Array;
  readonly hitValve: Float64Array;
  readonly hitPoint: Float64Array;
  readonly hitCos: Float64Array;
}

interface EnvState {
  readonly valves: number[][];
  readonly heads: number[];
  readonly lightLevel: number[];
  readonly toneLevel: number[];
  readonly attached: boolean[];
  readonly hits: { h: number[]; v: number[]; p: number[]; c: number[] }[];
}

/** A world around a robot, pluggable into a BodyEngine (`environment:` option). */
export class WorldEnvironment implements BodyEnvironment {
  readonly desc: WorldDesc;
  readonly ports: PortSpec;
  private nozzles: NozzleRuntime[] = [];
  private readonly lightLevel: Float64Array;
  private readonly toneLevel: Float64Array;
  private readonly attached: boolean[];
  private payloadBodies: number[] = [];
  private payloadJoints: number[] = [];
  private readonly jetForce = new Map<string, number>();
  private ray: InstanceType<SceneAccess['rapier']['Ray']> | undefined;
  private robotFilter: ((c: { handle: number }) => boolean) | undefined;

  constructor(desc: unknown) {
    this.desc = validateWorld(desc);
    const inputs: Record<string, PortDecl> = {};
    const outputs: Record<string, PortDecl> = {};
    for (const l of this.desc.lights) if (l.controlled) inputs[`${l.name}.trigger`] = { kind: 'analog', shape: [1], unit: '1', description: `light '${l.name}' power fraction in [0, 1]` };
    for (const t of this.desc.tones) if (t.controlled) inputs[`${t.name}.trigger`] = { kind: 'analog', shape: [1], unit: '1', description: `tone '${t.name}' amplitude fraction in [0, 1] (CS on = 1)` };
    for (const n of this.desc.nozzles) {
      inputs[`${n.name}.trigger`] = { kind: 'analog', shape: [1], unit: '1', description: `air-puff valve '${n.name}' opening in [0, 1] (US on = 1)` };
      outputs[`${n.name}.valve`] = { kind: 'analog', shape: [1], unit: '1', description: 'valve opening during the last step' };
    }
    for (const p of this.desc.payloads) {
      inputs[`${p.name}.attached`] = { kind: 'analog', shape: [1], unit: '1', description: `1 keeps payload '${p.name}' fixed to link '${p.link}', 0 releases it` };
      outputs[`${p.name}.attached`] = { kind: 'analog', shape: [1], unit: '1', description: '1 while the payload is attached' };
    }
    this.ports = { inputs, outputs };
    this.lightLevel = new Float64Array(this.desc.lights.length);
    this.toneLevel = new Float64Array(this.desc.tones.length);
    this.attached = this.desc.payloads.map(() => true);
  }

  build(scene: SceneAccess): void {
    const R = scene.rapier;
    const world = scene.world;
    const g = this.desc.ground;
    if (g) {
      const b = world.createRigidBody(R.RigidBodyDesc.fixed().setTranslation(0, 0, -0.05));
      world.createCollider(R.ColliderDesc.cuboid(g.halfSizeM, g.halfSizeM, 0.05).setFriction(g.friction), b);
    }
    for (const w of this.desc.walls) {
      const b = world.createRigidBody(R.RigidBodyDesc.fixed().setTranslation(w.xyz[0], w.xyz[1], w.xyz[2]).setRotation(quatFromRpy(w.rpy ?? [0, 0, 0])));
      const cd = R.ColliderDesc.cuboid(w.size[0] / 2, w.size[1] / 2, w.size[2] / 2);
      if (w.friction !== undefined) cd.setFriction(w.friction);
      world.createCollider(cd, b);
    }
    for (const o of this.desc.objects) {
      const b = world.createRigidBody(R.RigidBodyDesc.dynamic().setTranslation(o.xyz[0], o.xyz[1], o.xyz[2]).setCanSleep(false));
      const cd = o.shape === 'box' ? R.ColliderDesc.cuboid(o.size![0] / 2, o.size![1] / 2, o.size![2] / 2) : R.ColliderDesc.ball(o.radius!);
      cd.setMass(o.massKg);
      if (o.friction !== undefined) cd.setFriction(o.friction);
      world.createCollider(cd, b);
    }
    this.desc.payloads.forEach((p, i) => {
      const host = scene.body(p.link);
      if (host === undefined) throw new ValidationError(`world.payloads[${i}].link`, p.link, 'a link of the robot', 'fix the link name');
      const t = host.translation();
      const q = host.rotation();
      const off = rotate(q, p.xyz);
      const b = world.createRigidBody(R.RigidBodyDesc.dynamic().setTranslation(t.x + off[0], t.y + off[1], t.z + off[2]).setRotation(q).setCanSleep(false));
      world.createCollider(R.ColliderDesc.cuboid(p.size[0] / 2, p.size[1] / 2, p.size[2] / 2).setMass(p.massKg), b);
      const j = world.createImpulseJoint(R.JointData.fixed({ x: p.xyz[0], y: p.xyz[1], z: p.xyz[2] }, { w: 1, x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 0 }, { w: 1, x: 0, y: 0, z: 0 }), host, b, true);
      j.setContactsEnabled(false);
      this.payloadBodies.push(b.handle);
      this.payloadJoints.push(j.handle);
    });
    this.nozzles = this.desc.nozzles.map((n) => {
      const d = normalize([n.target[0] - n.xyz[0], n.target[1] - n.xyz[1], n.target[2] - n.xyz[2]]);
      const [u, v] = basis(d);
      const rays: JetRay[] = [];
      const half = (n.coneHalfAngleDeg * Math.PI) / 180;
      const golden = Math.PI * (3 - Math.sqrt(5));
      for (let i = 0; i < n.rays; i++) {
        // Sunflower pattern: equal cross-section area per streamline over the cone.
        const th = half * Math.sqrt((i + 0.5) / n.rays);
        const ph = i * golden;
        const s = Math.sin(th), c = Math.cos(th);
        rays.push({ d: normalize([c * d[0] + s * (Math.cos(ph) * u[0] + Math.sin(ph) * v[0]), c * d[1] + s * (Math.cos(ph) * u[1] + Math.sin(ph) * v[1]), c * d[2] + s * (Math.cos(ph) * u[2] + Math.sin(ph) * v[2])]) });
      }
      const area = (Math.PI * n.exitDiameterM * n.exitDiameterM) / 4;
      const maxDelay = Math.ceil(n.maxRangeM / n.frontSpeedMps / scene.dtS) + 1;
      return {
        rays, fluxPerRay: (AIR_DENSITY * n.exitSpeedMps * n.exitSpeedMps * area) / n.rays,
        valve: new Float64Array(maxDelay + 1), head: 0,
        hitHandle: new Float64Array(n.rays).fill(-1), hitValve: new Float64Array(n.rays), hitPoint: new Float64Array(3 * n.rays), hitCos: new Float64Array(n.rays),
      };
    });
  }

  attach(scene: SceneAccess): void {
    this.ray = new scene.rapier.Ray({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 });
    this.robotFilter = (c) => scene.linkOfCollider(c.handle) === undefined;
  }

  beginStep(scene: SceneAccess, inputs: Inputs, _tNs: number): void {
    const get = (port: string): number | undefined => {
      const v = inputs[port] as Float64Array | undefined;
      if (v === undefined) return undefined;
      const x = v[0]!;
      if (x < 0 || x > 1) throw new ValidationError(`inputs.${port}`, x, 'a value in [0, 1]', 'scale the stimulus command to [0, 1]');
      return x;
    };
    this.desc.lights.forEach((l, i) => { if (l.controlled) this.lightLevel[i] = get(`${l.name}.trigger`) ?? this.lightLevel[i]!; });
    this.desc.tones.forEach((t, i) => { if (t.controlled) this.toneLevel[i] = get(`${t.name}.trigger`) ?? this.toneLevel[i]!; });
    this.desc.payloads.forEach((p, i) => {
      const a = get(`${p.name}.attached`);
      if (a === undefined) return;
      if (a < 0.5 && this.attached[i]) {
        scene.world.removeImpulseJoint(scene.world.getImpulseJoint(this.payloadJoints[i]!), true);
        this.attached[i] = false;
      } else if (a >= 0.5 && !this.attached[i]) {
        throw new UnsupportedFeatureError(`${p.name}.attached = 1 after release`, 're-grasping is not modelled; reset the engine to re-attach the payload');
      }
    });
    this.jetForce.clear();
    this.desc.nozzles.forEach((n, k) => {
      const rt = this.nozzles[k]!;
      const open = get(`${n.name}.trigger`) ?? 0;
      rt.head = (rt.head + 1) % rt.valve.length;
      rt.valve[rt.head] = open;
      // No air in flight (every valve state in the delay line is 0): nothing can reach a surface.
      let inFlight = false;
      for (let i = 0; i < rt.valve.length; i++) if (rt.valve[i]! > 0) { inFlight = true; break; }
      if (inFlight) this.castJet(scene, n, rt);
      else { rt.hitValve.fill(0); rt.hitHandle.fill(-1); }
    });
  }

  private castJet(scene: SceneAccess, n: WorldDesc['nozzles'][number], rt: NozzleRuntime): void {
    const r = this.ray!;
    const L = rt.valve.length;
    for (let i = 0; i < rt.rays.length; i++) {
      const d = rt.rays[i]!.d;
      r.origin.x = n.xyz[0]; r.origin.y = n.xyz[1]; r.origin.z = n.xyz[2];
      r.dir.x = d[0]; r.dir.y = d[1]; r.dir.z = d[2];
      const hit = scene.world.castRayAndGetNormal(r, n.maxRangeM, true);
      if (hit === null) { rt.hitHandle[i] = -1; rt.hitValve[i] = 0; continue; }
      const delay = Math.round(hit.timeOfImpact / n.frontSpeedMps / scene.dtS);
      const v = delay < L ? rt.valve[(rt.head - delay + L) % L]! : 0;
      rt.hitHandle[i] = hit.collider.handle;
      rt.hitValve[i] = v;
      rt.hitPoint[3 * i] = n.xyz[0] + d[0] * hit.timeOfImpact;
      rt.hitPoint[3 * i + 1] = n.xyz[1] + d[1] * hit.timeOfImpact;
      rt.hitPoint[3 * i + 2] = n.xyz[2] + d[2] * hit.timeOfImpact;
      const cos = Math.abs(d[0] * hit.normal.x + d[1] * hit.normal.y + d[2] * hit.normal.z);
      rt.hitCos[i] = cos;
      if (v > 0) {
        const link = scene.linkOfCollider(hit.collider.handle);
        if (link !== undefined) this.jetForce.set(link, (this.jetForce.get(link) ?? 0) + v * rt.fluxPerRay * cos);
      }
    }
  }

  applyForces(scene: SceneAccess): void {
    for (const rt of this.nozzles) {
      for (let i = 0; i < rt.rays.length; i++) {
        const v = rt.hitValve[i]!;
        if (v === 0 || rt.hitHandle[i]! < 0) continue;
        const col = scene.world.getCollider(rt.hitHandle[i]!);
        const body = col.parent() as RapierBody | null;
        if (body === null || !body.isDynamic()) continue;
        const f = v * rt.fluxPerRay;
        const d = rt.rays[i]!.d;
        body.addForceAtPoint({ x: f * d[0], y: f * d[1], z: f * d[2] }, { x: rt.hitPoint[3 * i]!, y: rt.hitPoint[3 * i + 1]!, z: rt.hitPoint[3 * i + 2]! }, true);
      }
    }
  }

  writeOutputs(_scene: SceneAccess, out: Record<string, Float64Array>): void {
    this.desc.nozzles.forEach((n, k) => { const rt = this.nozzles[k]!; out[`${n.name}.valve`]![0] = rt.valve[rt.head]!; });
    this.desc.payloads.forEach((p, i) => { out[`${p.name}.attached`]![0] = this.attached[i] ? 1 : 0; });
  }

  irradianceAt(scene: SceneAccess, pos: Vec3, normal: Vec3): number {
    let e = 0;
    const r = this.ray!;
    this.desc.lights.forEach((l, i) => {
      const p = l.controlled ? this.lightLevel[i]! * l.powerW : l.powerW;
      if (p === 0) return;
      const dx = l.xyz[0] - pos[0], dy = l.xyz[1] - pos[1], dz = l.xyz[2] - pos[2];
      const d = Math.hypot(dx, dy, dz);
      const cos = (dx * normal[0] + dy * normal[1] + dz * normal[2]) / d;
      if (cos <= 0) return;
      r.origin.x = pos[0]; r.origin.y = pos[1]; r.origin.z = pos[2];
      r.dir.x = dx / d; r.dir.y = dy / d; r.dir.z = dz / d;
      // Occlusion by world geometry; the robot's own body does not shadow its sensors.
      const hit = scene.world.castRay(r, d, true, undefined, undefined, undefined, undefined, this.robotFilter);
      if (hit !== null) return;
      e += (p / (4 * Math.PI * d * d)) * cos;
    });
    return e;
  }

  soundLevelAt(_scene: SceneAccess, pos: Vec3): number {
    let sumSq = 0;
    this.desc.tones.forEach((t, i) => {
      const a = t.controlled ? this.toneLevel[i]! : 1;
      if (a === 0) return;
      const d = Math.max(0.01, Math.hypot(t.xyz[0] - pos[0], t.xyz[1] - pos[1], t.xyz[2] - pos[2]));
      const p = (a * t.pressureAt1mPa) / d;
      sumSq += p * p; // incoherent sources add in power
    });
    return Math.sqrt(sumSq);
  }

  jetForceOn(link: string): number {
    return this.jetForce.get(link) ?? 0;
  }

  getState(): EnvState {
    return {
      valves: this.nozzles.map((n) => Array.from(n.valve)),
      heads: this.nozzles.map((n) => n.head),
      lightLevel: Array.from(this.lightLevel),
      toneLevel: Array.from(this.toneLevel),
      attached: [...this.attached],
      hits: this.nozzles.map((n) => ({ h: Array.from(n.hitHandle), v: Array.from(n.hitValve), p: Array.from(n.hitPoint), c: Array.from(n.hitCos) })),
    };
  }

  setState(state: unknown): void {
    const s = state as EnvState;
    this.nozzles.forEach((n, k) => {
      n.valve.set(s.valves[k]!);
      n.head = s.heads[k]!;
      n.hitHandle.set(s.hits[k]!.h); n.hitValve.set(s.hits[k]!.v); n.hitPoint.set(s.hits[k]!.p); n.hitCos.set(s.hits[k]!.c);
    });
    this.lightLevel.set(s.lightLevel);
    this.toneLevel.set(s.toneLevel);
    s.attached.forEach((a, i) => { this.attached[i] = a; });
    this.jetForce.clear();
    // Jet loads are recomputed at the next beginStep; pressure outputs come from the snapshot.
  }

  resetState(): void {
    for (const n of this.nozzles) { n.valve.fill(0); n.head = 0; n.hitHandle.fill(-1); n.hitValve.fill(0); }
    this.lightLevel.fill(0);
    this.toneLevel.fill(0);
    this.attached.fill(true);
    this.jetForce.clear();
  }
}

function normalize(v: Vec3): [number, number, number] {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}
function basis(d: Vec3): [Vec3, Vec3] {
  const a: Vec3 = Math.abs(d[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = normalize([d[1] * a[2] - d[2] * a[1], d[2] * a[0] - d[0] * a[2], d[0] * a[1] - d[1] * a[0]]);
  const v: Vec3 = [d[1] * u[2] - d[2] * u[1], d[2] * u[0] - d[0] * u[2], d[0] * u[1] - d[1] * u[0]];
  return [u, v];
}
function quatFromRpy(rpy: Vec3): { w: number; x: number; y: number; z: number } {
  const [r, p, y] = rpy;
  const cr = Math.cos(r / 2), sr = Math.sin(r / 2), cp = Math.cos(p / 2), sp = Math.sin(p / 2), cy = Math.cos(y / 2), sy = Math.sin(y / 2);
  return { w: cr * cp * cy + sr * sp * sy, x: sr * cp * cy - cr * sp * sy, y: cr * sp * cy + sr * cp * sy, z: cr * cp * sy - sr * sp * cy };
}
function rotate(q: { w: number; x: number; y: number; z: number }, v: Vec3): [number, number, number] {
  const tx = 2 * (q.y * v[2] - q.z * v[1]), ty = 2 * (q.z * v[0] - q.x * v[2]), tz = 2 * (q.x * v[1] - q.y * v[0]);
  return [v[0] + q.w * tx + (q.y * tz - q.z * ty), v[1] + q.w * ty + (q.z * tx - q.x * tz), v[2] + q.w * tz + (q.x * ty - q.y * tx)];
}
