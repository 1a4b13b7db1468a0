/**
 * URDF import: the shipped URDFs load with the right tree, limits and masses; broken URDFs give
 * errors that name the offending element; STL meshes become convex hulls; the arm drops a payload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BodyEngine } from '../../bodies/body-engine.js';
import { ARM_URDF, armRobot } from '../../bodies/robots/arm.js';
import { EYEBLINK_HEAD_URDF, EYELID_CLOSED_RAD } from '../../bodies/robots/eyeblink-head.js';
import { ROVER_URDF } from '../../bodies/robots/rover.js';
import { parseUrdf } from '../../bodies/urdf/parse-urdf.js';
import { UnsupportedFeatureError, ValidationError } from '../../core/errors.js';
import { WorldEnvironment } from '../../environments/world-environment.js';
import { describeEngineConformance } from '../conformance/engine-conformance.js';
import { cmd, run, start, val } from './helpers.js';

const engines: BodyEngine[] = [];
afterEach(() => { while (engines.length) engines.pop()!.dispose(); });

describe('shipped URDFs', () => {
  it('arm: joint tree, limits, masses', () => {
    const { robot, ignored } = parseUrdf(ARM_URDF);
    expect(ignored).toEqual([]);
    expect(robot.joints.map((j) => [j.name, j.type, j.parent, j.child])).toEqual([
      ['base_yaw', 'revolute', 'base_link', 'turret'],
      ['shoulder', 'revolute', 'turret', 'upper_arm'],
      ['elbow', 'revolute', 'upper_arm', 'forearm'],
      ['wrist', 'fixed', 'forearm', 'hand'],
    ]);
    expect(robot.joints.find((j) => j.name === 'elbow')!.limits).toEqual({ lower: -2.5, upper: 2.5, effort: 15, velocity: 4 });
    expect(Object.fromEntries(robot.links.map((l) => [l.name, l.mass]))).toEqual({ base_link: 0, turret: 0.5, upper_arm: 1, forearm: 0.8, hand: 0.1 });
    expect(robot.sensors.filter((s) => s.type === 'encoder').map((s) => s.name)).toEqual(['base_yaw', 'shoulder', 'elbow']);
  });
  it('rover: two continuous wheels on the chassis with their efforts', () => {
    const imp = parseUrdf(ROVER_URDF);
    expect(imp.robot.joints.map((j) => [j.name, j.type, j.parent])).toEqual([['left_wheel', 'continuous', 'base_link'], ['right_wheel', 'continuous', 'base_link']]);
    expect(imp.effort).toEqual({ left_wheel: 40, right_wheel: 40 });
    expect(imp.robot.links.find((l) => l.name === 'base_link')!.mass).toBe(46);
  });
  it('eye-blink head: eyelid hinge limited to [0, 75°]', () => {
    const { robot } = parseUrdf(EYEBLINK_HEAD_URDF);
    const lid = robot.joints.find((j) => j.name === 'eyelid')!;
    expect(lid.limits!.upper).toBeCloseTo(EYELID_CLOSED_RAD, 12);
    expect(lid.axis).toEqual([-1, 0, 0]);
  });
});

const base = (body: string) => `<robot name="r"><link name="a"/>${body}</robot>`;
const inertial = '<inertial><mass value="1"/><inertia ixx="0.01" ixy="0" ixz="0" iyy="0.01" iyz="0" izz="0.01"/></inertial>';
function errorOf(f: () => unknown): Error {
  try { f(); } catch (e) { return e as Error; }
  throw new Error('no error thrown');
}

describe('broken URDFs name the element', () => {
  it('missing parent link', () => {
    const e = errorOf(() => parseUrdf(base(`<link name="b">${inertial}</link><joint name="j" type="fixed"><parent link="nope"/><child link="b"/></joint>`)));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/joint 'j'.*parent.*"nope"/);
  });
  it('cyclic tree', () => {
    const e = errorOf(() => parseUrdf(base(`<link name="b">${inertial}</link><link name="c">${inertial}</link>
      <joint name="j1" type="fixed"><parent link="b"/><child link="c"/></joint><joint name="j2" type="fixed"><parent link="c"/><child link="b"/></joint>`)));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/joint 'j[12]'.*no cycles/);
  });
  it('bad inertia (violates the triangle inequality)', () => {
    const e = errorOf(() => parseUrdf(base(`<link name="b"><inertial><mass value="1"/><inertia ixx="1" ixy="0" ixz="0" iyy="0.1" iyz="0" izz="0.1"/></inertial></link>
      <joint name="j" type="fixed"><parent link="a"/><child link="b"/></joint>`)));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/<link name="b"><inertial><inertia>/);
  });
  it('unknown joint type', () => {
    const e = errorOf(() => parseUrdf(base(`<link name="b">${inertial}</link><joint name="j" type="hinge"><parent link="a"/><child link="b"/></joint>`)));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/<joint name="j">@type.*"hinge"/);
  });
  it('unsupported features are refused, not dropped', () => {
    expect(() => parseUrdf(base(`<link name="b">${inertial}</link><joint name="j" type="floating"><parent link="a"/><child link="b"/></joint>`))).toThrow(UnsupportedFeatureError);
    expect(() => parseUrdf(base(`<link name="b">${inertial}</link><joint name="j" type="revolute"><parent link="a"/><child link="b"/><limit lower="0" upper="1" effort="1" velocity="1"/><mimic joint="k"/></joint>`))).toThrow(/mimic/);
    expect(() => parseUrdf(base('<sensor name="s"/>'))).toThrow(/<robot><sensor>/);
    const { ignored } = parseUrdf(base('<gazebo reference="a"/><material name="m"/>'));
    expect([...ignored].sort()).toEqual(['<gazebo>', '<material>']);
  });
  it('revolute without limits, malformed numbers', () => {
    expect(() => parseUrdf(base(`<link name="b">${inertial}</link><joint name="j" type="revolute"><parent link="a"/><child link="b"/></joint>`))).toThrow(/<joint name="j"><limit>/);
    expect(() => parseUrdf(base(`<link name="b">${inertial}</link><joint name="j" type="fixed"><parent link="a"/><child link="b"/><origin xyz="1 2"/></joint>`))).toThrow(/<origin>@xyz/);
  });
});

describe('meshes and payloads', () => {
  it('an STL collision mesh becomes a convex hull that stops a falling body at its top', async () => {
    // Binary STL of a unit tetrahedron-ish pyramid scaled to a 0.2 m high cone-like hull.
    const tris = [[[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 0, 0], [0, 0, 1], [1, 0, 0]], [[0, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0, 0], [0, 0, 1], [0, 1, 0]]];
    const buf = new Uint8Array(84 + 50 * tris.length);
    const dv = new DataView(buf.buffer);
    dv.setUint32(80, tris.length, true);
    tris.forEach((t, i) => t.forEach((v, k) => v.forEach((x, c) => dv.setFloat32(84 + i * 50 + 12 + k * 12 + c * 4, x, true))));
    const { robot } = parseUrdf(`<robot name="m"><link name="a"><inertial><mass value="1"/><inertia ixx="0.01" ixy="0" ixz="0" iyy="0.01" iyz="0" izz="0.01"/></inertial>
      <collision><geometry><mesh filename="package://m/tet.stl" scale="0.2 0.2 0.2"/></geometry></collision></link></robot>`,
    { base: { type: 'floating', xyz: [0, 0, 0.5] }, sensors: [{ type: 'pose', name: 'a', link: 'a' }], resolveMesh: (f) => { expect(f).toBe('package://m/tet.stl'); return buf; } });
    const col = robot.links[0]!.colliders[0]!;
    expect(col.shape).toBe('convex');
    const e = new BodyEngine({ robot, environment: new WorldEnvironment({ ground: {} }) });
    engines.push(e);
    await start(e);
    const r = await run(e, 0, 1500, () => ({}));
    // Resting on its face z = 0 (the origin vertex is the lowest point), so the link origin sits on the ground.
    expect(Math.abs(val(r.out, 'a.pose', 2))).toBeLessThan(0.01);
  });

  it('arm holding a payload: drive efforts balance the static gravity torques with and without it', async () => {
    const robot = armRobot({ mode: 'position', stiffness: 200, damping: 10 });
    // Load just beyond the hand (the box must not overlap the arm: after release contacts are on).
    const env = new WorldEnvironment({ ground: {}, payloads: [{ name: 'load', link: 'forearm', xyz: [0, 0, 0.4], massKg: 1, size: [0.05, 0.05, 0.05] }] });
    // 4 substeps: the explicit PD (d = 10) on the unloaded forearm needs d·h/I < 1 with h = 0.25 ms
    // (at h = 1 ms it chatters once the load is gone; see bodies/README.md).
    const e = new BodyEngine({ robot, environment: env, substeps: 4 });
    engines.push(e);
    await start(e);
    const hold = { 'shoulder.command': cmd(0.8), 'elbow.command': cmd(0.3), 'base_yaw.command': cmd(0) };
    const a = await run(e, 0, 1500, () => ({ ...hold, 'load.attached': cmd(1) }));
    const b = await run(e, a.t, 1500, () => ({ ...hold, 'load.attached': cmd(0) }));
    expect(val(a.out, 'load.attached')).toBe(1);
    expect(val(b.out, 'load.attached')).toBe(0);
    // Statics: drive torque = −g·Σ m·x over the links beyond the joint (x = horizontal lever arm),
    // with upper arm com 0.15 m, forearm com 0.125 m, hand 0.25 m, load 0.4 m past the elbow (0.3 m).
    const g = 9.81;
    const model = (out: typeof a.out, load: number) => {
      const s = val(out, 'shoulder.position'), el = val(out, 'elbow.position');
      const beyondElbow = 0.8 * 0.125 + 0.1 * 0.25 + load * 0.4; // Σ m·d past the elbow
      const massBeyond = 0.8 + 0.1 + load;
      return {
        shoulder: -g * (1.0 * 0.15 * Math.sin(s) + massBeyond * 0.3 * Math.sin(s) + beyondElbow * Math.sin(s + el)),
        elbow: -g * beyondElbow * Math.sin(s + el),
      };
    };
    for (const [out, load] of [[a.out, 1], [b.out, 0]] as const) {
      const m = model(out, load);
      expect(Math.abs(val(out, 'shoulder.effort') / m.shoulder - 1)).toBeLessThan(0.02);
      expect(Math.abs(val(out, 'elbow.effort') / m.elbow - 1)).toBeLessThan(0.02);
    }
    expect(() => e.advance(b.t + 1e6, { 'load.attached': cmd(1) })).toThrow(/re-grasping/);
    // Reset re-attaches.
    const r = await e.reset();
    expect(val(r, 'load.attached')).toBe(1);
  });
});

describeEngineConformance('BodyEngine (arm, torque mode)', {
  create: () => new BodyEngine({ robot: armRobot() }),
  inputs: (k) => ({ 'shoulder.command': cmd(k % 3), 'elbow.command': cmd(-1), 'base_yaw.command': cmd(0.5) }),
});
