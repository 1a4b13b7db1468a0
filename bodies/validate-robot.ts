/**
 * Parses and validates a RobotDesc: schema errors and tree rules (one root, no cycles, known
 * parents/children, one parent per link, references of sensors and actuators) become a
 * ValidationError naming the element, the bad value, what was expected and the fix.
 */
import { ValidationError } from '../core/errors.js';
import { type RobotDesc, RobotSchema } from './robot-desc.js';

/** Validates `input` and returns the defaults-filled descriptor. Throws ValidationError. */
export function validateRobot(input: unknown): RobotDesc {
  const r = RobotSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue ? fieldPath(issue.path) : 'robot';
    const value = issue ? valueAt(input, issue.path) : input;
    throw new ValidationError(path || 'robot', value, issue?.message ?? 'a valid RobotDesc', 'see bodies/robot-desc.ts for the schema');
  }
  const robot = r.data;
  checkTree(robot);
  return robot;
}

function checkTree(robot: RobotDesc): void {
  const links = new Map<string, number>();
  robot.links.forEach((l, i) => {
    if (links.has(l.name)) throw new ValidationError(`links[${i}].name`, l.name, 'a unique link name', 'rename one of the links');
    links.set(l.name, i);
  });
  const parentOf = new Map<string, string>();
  const jointNames = new Set<string>();
  robot.joints.forEach((j, i) => {
    const f = `joints[${i}] (joint '${j.name}')`;
    if (jointNames.has(j.name)) throw new ValidationError(`${f}.name`, j.name, 'a unique joint name', 'rename one of the joints');
    jointNames.add(j.name);
    if (!links.has(j.parent)) throw new ValidationError(`${f}.parent`, j.parent, `an existing link (${[...links.keys()].join(', ')})`, 'add the link or fix the name');
    if (!links.has(j.child)) throw new ValidationError(`${f}.child`, j.child, `an existing link (${[...links.keys()].join(', ')})`, 'add the link or fix the name');
    if (j.parent === j.child) throw new ValidationError(`${f}.child`, j.child, 'a link other than the parent', 'a joint connects two different links');
    const prev = parentOf.get(j.child);
    if (prev !== undefined) throw new ValidationError(`${f}.child`, j.child, `a link without a parent (already child of '${prev}')`, 'a kinematic tree gives each link one parent joint');
    parentOf.set(j.child, j.parent);
    if (j.axis !== undefined && Math.hypot(...j.axis) < 1e-9) throw new ValidationError(`${f}.axis`, j.axis, 'a non-zero axis', 'give a direction such as [0, 0, 1]');
    if (j.limits && !(j.limits.lower <= j.limits.upper)) throw new ValidationError(`${f}.limits`, j.limits, 'lower ≤ upper', 'swap or fix the limits');
    if (j.type === 'revolute' || j.type === 'prismatic') {
      if (j.limits === undefined) throw new ValidationError(`${f}.limits`, undefined, `limits for a ${j.type} joint`, "give {lower, upper} or use type 'continuous'");
    }
  });
  // Cycles: walk up from each link; more than |links| hops means a loop.
  for (const l of links.keys()) {
    let cur: string | undefined = l;
    const seen = new Set<string>();
    while (cur !== undefined) {
      if (seen.has(cur)) {
        const ji = robot.joints.findIndex((j) => j.child === cur);
        throw new ValidationError(`joints[${ji}] (joint '${robot.joints[ji]?.name}')`, [...seen].join(' → '), 'a tree (no cycles)', 'remove the joint that closes the loop');
      }
      seen.add(cur);
      cur = parentOf.get(cur);
    }
  }
  const roots = [...links.keys()].filter((l) => !parentOf.has(l));
  if (roots.length !== 1) throw new ValidationError('links', roots, 'exactly one root link (a link that is no joint\'s child)', 'connect every other link with a joint');
  robot.links.forEach((l, i) => {
    const f = `links[${i}] (link '${l.name}')`;
    const isFixedRoot = l.name === roots[0] && robot.base.type === 'fixed';
    if (!isFixedRoot && l.mass <= 0) throw new ValidationError(`${f}.mass`, l.mass, 'a positive mass (kg)', 'only the root of a fixed-base robot may be massless');
    const { ixx, iyy, izz } = l.inertia;
    if (!isFixedRoot) {
      if (ixx <= 0 || iyy <= 0 || izz <= 0) throw new ValidationError(`${f}.inertia`, l.inertia, 'positive diagonal moments', 'give the inertia of the link about its centre of mass');
      const tol = 1e-9 * (ixx + iyy + izz);
      if (ixx + iyy < izz - tol || iyy + izz < ixx - tol || ixx + izz < iyy - tol) {
        throw new ValidationError(`${f}.inertia`, l.inertia, 'moments satisfying the triangle inequality (ixx+iyy ≥ izz, ...)', 'this tensor is not physical: recompute it from the geometry');
      }
    }
    l.colliders.forEach((c, k) => {
      if (c.shape === 'convex' && c.points.length % 3 !== 0) throw new ValidationError(`${f}.colliders[${k}].points`, c.points.length, 'a multiple of 3 numbers (x,y,z triples)', 'flatten the vertices as x0,y0,z0,x1,...');
    });
  });
  const movable = new Map(robot.joints.filter((j) => j.type !== 'fixed' && j.type !== 'spherical').map((j) => [j.name, j]));
  const names = new Set<string>();
  robot.sensors.forEach((s, i) => {
    const f = `sensors[${i}] (sensor '${s.name}')`;
    // Sensors may share a name when their ports differ (an encoder and a closure of one joint);
    // port collisions are caught when the engine declares its ports.
    names.add(s.name);
    if ('joint' in s && !movable.has(s.joint)) throw new ValidationError(`${f}.joint`, s.joint, `a revolute, continuous or prismatic joint (${[...movable.keys()].join(', ')})`, 'fix the joint name');
    if ('link' in s && !links.has(s.link)) throw new ValidationError(`${f}.link`, s.link, `an existing link (${[...links.keys()].join(', ')})`, 'fix the link name');
    if ('direction' in s && Math.hypot(...s.direction) < 1e-9) throw new ValidationError(`${f}.direction`, s.direction, 'a non-zero direction', 'give a direction such as [1, 0, 0]');
    if (s.type === 'closure' && s.open === s.closed) throw new ValidationError(`${f}.closed`, s.closed, 'a value different from `open`', 'give the joint positions of the open and closed states');
    if (s.type === 'depth' && !(s.fovDeg < 180)) throw new ValidationError(`${f}.fovDeg`, s.fovDeg, 'a horizontal field of view below 180°', 'use a narrower field of view');
  });
  const anames = new Set<string>();
  const driven = new Set<string>();
  robot.actuators.forEach((a, i) => {
    const f = `actuators[${i}] (actuator '${a.name}')`;
    if (anames.has(a.name)) throw new ValidationError(`${f}.name`, a.name, 'a unique actuator name', 'rename one of the actuators');
    anames.add(a.name);
    const j = movable.get(a.joint);
    if (j === undefined) throw new ValidationError(`${f}.joint`, a.joint, `a revolute, continuous or prismatic joint (${[...movable.keys()].join(', ')})`, 'fix the joint name');
    if (driven.has(a.joint)) throw new ValidationError(`${f}.joint`, a.joint, 'a joint no other actuator drives', 'use one actuator per joint');
    driven.add(a.joint);
    if (a.type === 'motor' && a.commandRange && !(a.commandRange[0] < a.commandRange[1])) throw new ValidationError(`${f}.commandRange`, a.commandRange, '[low, high] with low < high', 'fix the range');
    if (a.type === 'muscle' && j.type === 'prismatic') throw new ValidationError(`${f}.joint`, a.joint, 'a revolute or continuous joint', 'muscles act through a moment arm on a hinge');
  });
}

function fieldPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}
