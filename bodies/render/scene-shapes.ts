/**
 * Exports the collision geometry of a Rapier world as plain, serialisable shapes (box, sphere,
 * capsule, cylinder; convex hulls as their bounding box) with world poses, for renderers that run
 * elsewhere (Babylon.js in a headless browser, a viewer). Pure: no DOM, no Node APIs.
 */
import type { RapierWorld } from '../rapier.js';

/** One renderable shape. Cylinder/capsule axes are the local Y axis (Rapier's convention). */
export interface RenderShape {
  readonly kind: 'box' | 'sphere' | 'capsule' | 'cylinder';
  /** Box: half extents; sphere: [r, r, r]; capsule/cylinder: [r, halfHeight, r]. */
  readonly half: [number, number, number];
  readonly position: [number, number, number];
  /** Quaternion (x, y, z, w). */
  readonly rotation: [number, number, number, number];
  /** RGB in [0, 1]. */
  readonly color: [number, number, number];
  /** Rapier handle of the collider this shape was exported from. */
  readonly collider?: number;
}

/** Colours by owner: robot links blue-grey, static world light grey, free objects orange. */
export function sceneShapes(world: RapierWorld, isRobotCollider: (handle: number) => boolean): RenderShape[] {
  const out: RenderShape[] = [];
  world.forEachCollider((c) => {
    const t = c.translation();
    const q = c.rotation();
    const parent = c.parent();
    const robot = isRobotCollider(c.handle);
    const color: [number, number, number] = robot ? [0.25, 0.4, 0.75] : parent !== null && parent.isDynamic() ? [0.95, 0.55, 0.15] : [0.75, 0.75, 0.72];
    const base = { position: [t.x, t.y, t.z] as [number, number, number], rotation: [q.x, q.y, q.z, q.w] as [number, number, number, number], color, collider: c.handle };
    const type = c.shape.type as number;
    // ShapeType enum of Rapier 0.21: Ball 0, Cuboid 1, Capsule 2, ..., ConvexPolyhedron 9, Cylinder 10.
    if (type === 0) { const r = c.radius(); out.push({ kind: 'sphere', half: [r, r, r], ...base }); }
    else if (type === 1) { const h = c.halfExtents()!; out.push({ kind: 'box', half: [h.x, h.y, h.z], ...base }); }
    else if (type === 2) { const r = c.radius(); out.push({ kind: 'capsule', half: [r, c.halfHeight(), r], ...base }); }
    else if (type === 10) { const r = c.radius(); out.push({ kind: 'cylinder', half: [r, c.halfHeight(), r], ...base }); }
    else {
      // Convex hulls and others: bounding box of the hull's vertices (local frame).
      const v = c.vertices?.();
      if (v && v.length >= 3) {
        const mn = [Infinity, Infinity, Infinity], mx = [-Infinity, -Infinity, -Infinity];
        for (let i = 0; i < v.length; i++) { mn[i % 3] = Math.min(mn[i % 3]!, v[i]!); mx[i % 3] = Math.max(mx[i % 3]!, v[i]!); }
        const cx = (mx[0]! + mn[0]!) / 2, cy = (mx[1]! + mn[1]!) / 2, cz = (mx[2]! + mn[2]!) / 2;
        // Offset of the box centre rotated into the world.
        const tx = 2 * (q.y * cz - q.z * cy), ty = 2 * (q.z * cx - q.x * cz), tz = 2 * (q.x * cy - q.y * cx);
        const off = [cx + q.w * tx + (q.y * tz - q.z * ty), cy + q.w * ty + (q.z * tx - q.x * tz), cz + q.w * tz + (q.x * ty - q.y * tx)];
        out.push({ kind: 'box', half: [(mx[0]! - mn[0]!) / 2, (mx[1]! - mn[1]!) / 2, (mx[2]! - mn[2]!) / 2], position: [t.x + off[0]!, t.y + off[1]!, t.z + off[2]!], rotation: base.rotation, color, collider: c.handle });
      }
    }
  });
  return out;
}
