/**
 * URDF → RobotDesc with fast-xml-parser (no DOM). Reads links (inertial, collision geometry: box,
 * sphere, cylinder, capsule, STL meshes as convex hulls) and joints (revolute, continuous,
 * prismatic, fixed; origin, axis, limit, dynamics damping). URDF has no sensors or actuators:
 * pass them in the options (encoders for every movable joint are added by default).
 * Unsupported physics (floating/planar joints, mimic, non-STL meshes) throws
 * UnsupportedFeatureError; rendering/simulator-only tags (visual, material, gazebo, transmission,
 * calibration, safety_controller) are skipped and listed in `ignored`, never dropped silently.
 * Errors name the element, e.g. `<joint name="elbow"><parent link>`.
 */
import { XMLParser } from 'fast-xml-parser';
import { UnsupportedFeatureError, ValidationError } from '../../core/errors.js';
import { diagonalizeInertia } from '../math3d.js';
import type { ActuatorDesc, RobotDesc, SensorDesc } from '../robot-desc.js';
import { validateRobot } from '../validate-robot.js';
import { parseStl } from './stl.js';

/** Options of the URDF import. */
export interface UrdfOptions {
  readonly base?: { readonly type?: 'fixed' | 'floating'; readonly xyz?: [number, number, number]; readonly rpy?: [number, number, number] };
  /** Extra sensors (appended after the default encoders). */
  readonly sensors?: readonly SensorDesc[];
  readonly actuators?: readonly ActuatorDesc[];
  /** Add an encoder named after each movable joint (default true). */
  readonly encoders?: boolean;
  /** Loads a mesh file referenced by `<mesh filename>` (e.g. from disk in Node, fetch in a browser). */
  readonly resolveMesh?: (filename: string) => Uint8Array;
}

/** Result of an import: the validated robot and the tags that were skipped. */
export interface UrdfImport {
  readonly robot: RobotDesc;
  readonly ignored: readonly string[];
  /** `<limit effort>` of every joint that gives one (N·m or N), including continuous joints. */
  readonly effort: Readonly<Record<string, number>>;
}

const IGNORED_ROBOT_TAGS = new Set(['material', 'gazebo', 'transmission']);
const LINK_TAGS = new Set(['inertial', 'collision', 'visual']);
const JOINT_TAGS = new Set(['parent', 'child', 'origin', 'axis', 'limit', 'dynamics', 'calibration', 'safety_controller', 'mimic']);
type El = Record<string, unknown>;

/** Parses URDF XML text. Throws ValidationError / UnsupportedFeatureError naming the element. */
export function parseUrdf(xml: string, opts: UrdfOptions = {}): UrdfImport {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['link', 'joint', 'collision', 'visual', 'material', 'gazebo', 'transmission'].includes(name),
    parseAttributeValue: false,
  });
  let doc: El;
  try {
    doc = parser.parse(xml, true) as El;
  } catch (e) {
    throw new ValidationError('urdf', String((e as Error).message).slice(0, 120), 'well-formed XML', 'fix the XML syntax');
  }
  const robot = doc['robot'] as El | undefined;
  if (robot === undefined || typeof robot !== 'object') throw new ValidationError('<robot>', Object.keys(doc), 'a <robot> root element', 'URDF files start with <robot name="...">');
  const ignored: string[] = [];
  for (const k of Object.keys(robot)) {
    if (k.startsWith('@') || k === 'link' || k === 'joint') continue;
    if (IGNORED_ROBOT_TAGS.has(k)) { ignored.push(`<${k}>`); continue; }
    throw new UnsupportedFeatureError(`<robot><${k}>`, 'not a URDF element neuroloop understands (expand xacro first)');
  }
  const links = ((robot['link'] as El[] | undefined) ?? []).map((l, i) => parseLink(l, i, opts, ignored));
  const efforts = new Map<string, number>();
  const joints = ((robot['joint'] as El[] | undefined) ?? []).map((j, i) => parseJoint(j, i, ignored, efforts));
  const sensors: SensorDesc[] = [];
  if (opts.encoders !== false) {
    for (const j of joints) if (j.type !== 'fixed') sensors.push({ type: 'encoder', name: j.name, joint: j.name });
  }
  sensors.push(...(opts.sensors ?? []));
  const desc = {
    name: attr(robot, 'name', '<robot>'),
    base: { type: opts.base?.type ?? 'fixed', ...(opts.base?.xyz ? { xyz: opts.base.xyz } : {}), ...(opts.base?.rpy ? { rpy: opts.base.rpy } : {}) },
    links, joints, sensors, actuators: [...(opts.actuators ?? [])],
  };
  const effort: Record<string, number> = {};
  for (const [k, v] of efforts) effort[k] = v;
  return { robot: validateRobot(desc), ignored, effort };
}

function attr(el: El, name: string, where: string): string {
  const v = el[`@${name}`];
  if (typeof v !== 'string' || v === '') throw new ValidationError(`${where}@${name}`, v, `a "${name}" attribute`, `add ${name}="..."`);
  return v;
}

function nums(s: unknown, n: number, where: string): number[] {
  if (typeof s !== 'string') throw new ValidationError(where, s, `${n} numbers`, 'give space-separated numbers');
  const v = s.trim().split(/\s+/).map(Number);
  if (v.length !== n || v.some((x) => !Number.isFinite(x))) throw new ValidationError(where, s, `${n} finite numbers`, 'give space-separated numbers');
  return v;
}
function num(s: unknown, where: string): number {
  return nums(s, 1, where)[0]!;
}
function optNum(el: El | undefined, name: string, where: string): number | undefined {
  const v = el?.[`@${name}`];
  return v === undefined ? undefined : num(v, `${where}@${name}`);
}
function origin(el: El, where: string): { xyz?: [number, number, number]; rpy?: [number, number, number] } {
  const o = el['origin'] as El | undefined;
  if (o === undefined) return {};
  const r: { xyz?: [number, number, number]; rpy?: [number, number, number] } = {};
  if (o['@xyz'] !== undefined) r.xyz = nums(o['@xyz'], 3, `${where}<origin>@xyz`) as [number, number, number];
  if (o['@rpy'] !== undefined) r.rpy = nums(o['@rpy'], 3, `${where}<origin>@rpy`) as [number, number, number];
  return r;
}

function parseLink(l: El, i: number, opts: UrdfOptions, ignored: string[]) {
  const name = attr(l, 'name', `<link> #${i}`);
  const where = `<link name="${name}">`;
  for (const k of Object.keys(l)) {
    if (k.startsWith('@')) continue;
    if (!LINK_TAGS.has(k)) throw new UnsupportedFeatureError(`${where}<${k}>`, 'unknown link element');
  }
  if (l['visual'] !== undefined) ignored.push(`${where}<visual>`);
  const inertial = l['inertial'] as El | undefined;
  let mass = 0;
  let inertia = { ixx: 0, ixy: 0, ixz: 0, iyy: 0, iyz: 0, izz: 0 };
  let com: [number, number, number] | undefined;
  let inertiaRpy: [number, number, number] | undefined;
  if (inertial !== undefined) {
    const w = `${where}<inertial>`;
    mass = num((inertial['mass'] as El | undefined)?.['@value'], `${w}<mass>@value`);
    if (!(mass >= 0)) throw new ValidationError(`${w}<mass>@value`, mass, 'a mass ≥ 0 (kg)', 'fix the mass');
    const it = inertial['inertia'] as El | undefined;
    if (it === undefined) throw new ValidationError(`${w}<inertia>`, undefined, 'an <inertia> element', 'add ixx, ixy, ixz, iyy, iyz, izz');
    const g = (k: string) => num(it[`@${k}`], `${w}<inertia>@${k}`);
    inertia = { ixx: g('ixx'), ixy: g('ixy'), ixz: g('ixz'), iyy: g('iyy'), iyz: g('iyz'), izz: g('izz') };
    if (mass > 0) {
      const p = diagonalizeInertia(inertia.ixx, inertia.ixy, inertia.ixz, inertia.iyy, inertia.iyz, inertia.izz);
      const [a, b, c] = p.moments;
      const tol = 1e-9 * (a + b + c);
      if (!(a > 0 && b > 0 && c > 0) || a + b < c - tol || b + c < a - tol || a + c < b - tol) {
        throw new ValidationError(`${w}<inertia>`, inertia, 'a positive-definite tensor whose principal moments satisfy the triangle inequality', 'recompute the inertia from the link geometry');
      }
    }
    const o = origin(inertial, w);
    com = o.xyz;
    inertiaRpy = o.rpy;
  }
  const colliders = ((l['collision'] as El[] | undefined) ?? []).map((c, k) => parseCollision(c, `${where}<collision> #${k}`, opts));
  return { name, mass, inertia, ...(com ? { com } : {}), ...(inertiaRpy ? { inertiaRpy } : {}), colliders };
}

function parseCollision(c: El, where: string, opts: UrdfOptions) {
  const o = origin(c, where);
  const g = c['geometry'] as El | undefined;
  if (g === undefined) throw new ValidationError(`${where}<geometry>`, undefined, 'a <geometry> element', 'add box, sphere, cylinder or mesh');
  const kinds = Object.keys(g).filter((k) => !k.startsWith('@'));
  if (kinds.length !== 1) throw new ValidationError(`${where}<geometry>`, kinds, 'exactly one shape', 'give one of box, sphere, cylinder, capsule, mesh');
  const kind = kinds[0]!;
  const s = g[kind] as El;
  const w = `${where}<geometry><${kind}>`;
  switch (kind) {
    case 'box': return { shape: 'box' as const, size: nums(s['@size'], 3, `${w}@size`) as [number, number, number], ...o };
    case 'sphere': return { shape: 'sphere' as const, radius: num(s['@radius'], `${w}@radius`), ...o };
    case 'cylinder': return { shape: 'cylinder' as const, radius: num(s['@radius'], `${w}@radius`), length: num(s['@length'], `${w}@length`), ...o };
    case 'capsule': return { shape: 'capsule' as const, radius: num(s['@radius'], `${w}@radius`), length: num(s['@length'], `${w}@length`), ...o };
    case 'mesh': {
      const file = attr(s, 'filename', w);
      if (!/\.stl$/i.test(file)) throw new UnsupportedFeatureError(`${w}@filename=${file}`, 'only STL collision meshes are supported (convert DAE/OBJ to STL)');
      if (!opts.resolveMesh) throw new ValidationError(`${w}@filename`, file, 'a resolveMesh option to load it', 'pass resolveMesh: (filename) => bytes');
      const scale = s['@scale'] !== undefined ? nums(s['@scale'], 3, `${w}@scale`) : [1, 1, 1];
      const pts = parseStl(opts.resolveMesh(file), `${w}@filename`);
      for (let i = 0; i < pts.length; i++) pts[i] = pts[i]! * scale[i % 3]!;
      return { shape: 'convex' as const, points: pts, ...o };
    }
    default:
      throw new UnsupportedFeatureError(w, 'unknown geometry');
  }
}

function parseJoint(j: El, i: number, ignored: string[], efforts: Map<string, number>) {
  const name = attr(j, 'name', `<joint> #${i}`);
  const where = `<joint name="${name}">`;
  for (const k of Object.keys(j)) {
    if (k.startsWith('@')) continue;
    if (!JOINT_TAGS.has(k)) throw new UnsupportedFeatureError(`${where}<${k}>`, 'unknown joint element');
  }
  if (j['mimic'] !== undefined) throw new UnsupportedFeatureError(`${where}<mimic>`, 'mimic joints need a coupling constraint neuroloop does not build; drive both joints from one transceiver instead');
  for (const k of ['calibration', 'safety_controller']) if (j[k] !== undefined) ignored.push(`${where}<${k}>`);
  const type = attr(j, 'type', where);
  if (type === 'floating' || type === 'planar') throw new UnsupportedFeatureError(`${where}@type=${type}`, 'only revolute, continuous, prismatic and fixed joints are built (use a floating base for a free root)');
  if (!['revolute', 'continuous', 'prismatic', 'fixed'].includes(type)) {
    throw new ValidationError(`${where}@type`, type, 'one of revolute, continuous, prismatic, fixed', 'fix the joint type');
  }
  const parent = attr((j['parent'] as El | undefined) ?? {}, 'link', `${where}<parent>`);
  const child = attr((j['child'] as El | undefined) ?? {}, 'link', `${where}<child>`);
  const axisEl = j['axis'] as El | undefined;
  const axis = axisEl?.['@xyz'] !== undefined ? (nums(axisEl['@xyz'], 3, `${where}<axis>@xyz`) as [number, number, number]) : undefined;
  const lim = j['limit'] as El | undefined;
  let limits;
  if (type === 'revolute' || type === 'prismatic') {
    if (lim === undefined) throw new ValidationError(`${where}<limit>`, undefined, `a <limit> for a ${type} joint`, 'add <limit lower upper effort velocity>');
    limits = {
      lower: optNum(lim, 'lower', `${where}<limit>`) ?? 0,
      upper: optNum(lim, 'upper', `${where}<limit>`) ?? 0,
      effort: num(lim['@effort'], `${where}<limit>@effort`),
      velocity: num(lim['@velocity'], `${where}<limit>@velocity`),
    };
  } else if (type === 'continuous' && lim !== undefined) {
    const effort = optNum(lim, 'effort', `${where}<limit>`);
    const velocity = optNum(lim, 'velocity', `${where}<limit>`);
    limits = { lower: -Infinity, upper: Infinity, ...(effort ? { effort } : {}), ...(velocity ? { velocity } : {}) };
  }
  if (limits?.effort !== undefined) efforts.set(name, limits.effort);
  const damping = optNum(j['dynamics'] as El | undefined, 'damping', `${where}<dynamics>`);
  return {
    name, type: type as 'revolute' | 'continuous' | 'prismatic' | 'fixed', parent, child, ...origin(j, where),
    ...(axis ? { axis } : {}), ...(limits && Number.isFinite(limits.lower) ? { limits } : {}), ...(damping ? { damping } : {}),
  };
}
