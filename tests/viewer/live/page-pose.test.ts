/**
 * Pose conversion from bodies/ (right-handed Z-up world, quaternion w-first) to the page's Y-up
 * frame, checked by rotating vectors with plain quaternion algebra (v' = q v q*): rotating in the
 * source frame and then mapping (y ↔ z) must equal mapping then rotating with the converted
 * quaternion. Plus scene inference for bodies/ pose-sensor streams.
 */
import { describe, expect, it } from 'vitest';
import { resolveScene, toPagePose } from '../../../viewer/live/index.js';

type V = [number, number, number];
function rotate(q: [number, number, number, number], v: V): V {
  const [x, y, z, w] = q;
  // t = 2 q_vec × v; v' = v + w t + q_vec × t
  const tx = 2 * (y * v[2] - z * v[1]), ty = 2 * (z * v[0] - x * v[2]), tz = 2 * (x * v[1] - y * v[0]);
  return [v[0] + w * tx + (y * tz - z * ty), v[1] + w * ty + (z * tx - x * tz), v[2] + w * tz + (x * ty - y * tx)];
}
const swap = (v: V): V => [v[0], v[2], v[1]];

describe('toPagePose', () => {
  it('keeps Y-up xyzw poses as they are', () => {
    expect(toPagePose([1, 2, 3, 0, 0, 0.6, 0.8], 0, 'xyzw', false)).toEqual({ pos: [1, 2, 3], quat: [0, 0, 0.6, 0.8] });
  });

  it('maps Z-up wxyz rotations consistently with swapping y and z (several axes and angles)', () => {
    const axes: V[] = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0.48, -0.6, 0.64]];
    for (const a of axes) {
      for (const ang of [0.3, Math.PI / 2, 2.5]) {
        const s = Math.sin(ang / 2);
        const qSrc: [number, number, number, number] = [a[0] * s, a[1] * s, a[2] * s, Math.cos(ang / 2)];
        const pose = [0.1, 0.2, 0.3, qSrc[3], qSrc[0], qSrc[1], qSrc[2]];
        const p = toPagePose(pose, 0, 'wxyz', true);
        expect(p.pos).toEqual([0.1, 0.3, 0.2]);
        for (const v of [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.3, -0.2, 0.9]] as V[]) {
          const want = swap(rotate(qSrc, v));
          const got = rotate(p.quat, swap(v));
          for (let k = 0; k < 3; k++) expect(got[k]).toBeCloseTo(want[k] as number, 12);
        }
      }
    }
  });

  it('a 90° yaw about Z-up turns +x into +y (source), i.e. +z on the page', () => {
    const q = toPagePose([0, 0, 0, Math.SQRT1_2, 0, 0, Math.SQRT1_2], 0, 'wxyz', true).quat;
    const r = rotate(q, [1, 0, 0]);
    expect(r[0]).toBeCloseTo(0, 12);
    expect(r[2]).toBeCloseTo(1, 12);
  });
});

describe('scene inference for bodies/ pose sensors', () => {
  it('takes every *.pose [7] stream as a Z-up, w-first link', () => {
    const s = resolveScene([
      { key: 'arm.base.pose', kind: 'analog', shape: [7], unit: 'm, 1' },
      { key: 'arm.hand.pose', kind: 'analog', shape: [7], unit: 'm, 1' },
      { key: 'arm.elbow.position', kind: 'analog', shape: [1], unit: 'rad' },
    ]);
    expect(s.bodies?.links.map((l) => l.key)).toEqual(['arm.base.pose', 'arm.hand.pose']);
    expect(s.bodies?.quatOrder).toBe('wxyz');
    expect(s.bodies?.zUp).toBe(true);
    expect(s.traces).toEqual(['arm.elbow.position']);
  });

  it('accepts explicit per-link streams with shapes and rejects a link without a stream', () => {
    const streams = [{ key: 'r.chassis.pose', kind: 'analog' as const, shape: [7] }];
    const s = resolveScene(streams, { bodies: { links: [{ name: 'chassis', key: 'r.chassis.pose', shape: 'box', size: [0.3, 0.2, 0.1] }] } });
    expect(s.bodies?.links[0]?.size).toEqual([0.3, 0.2, 0.1]);
    expect(() => resolveScene(streams, { bodies: { links: [{ name: 'x', shape: 'box', size: [1, 1, 1] }] } })).toThrow(/links\[0\]\.key/);
  });
});
