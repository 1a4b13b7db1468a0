/**
 * The rover in the Braitenberg arena: odometry against commanded wheel speeds. Tolerances: after
 * a 1 s spin-up, ground-truth displacement and yaw over the next second equal the differential-
 * drive prediction from the commanded speeds within 1 % (the explicit velocity drive has a small
 * steady-state lag: friction-free casters leave nothing to push against) and from the encoders
 * within 0.2 % (no wheel slip once rolling). During the spin-up the wheels do slip (most of the
 * weight rests on the casters), which is why the transient is excluded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BodyEngine } from '../../bodies/body-engine.js';
import { ROVER_WHEEL_RADIUS_M as r, ROVER_WHEEL_SEPARATION_M as b, roverRobot } from '../../bodies/robots/rover.js';
import { WorldEnvironment } from '../../environments/world-environment.js';
import { braitenbergArena } from '../../environments/worlds/braitenberg-arena.js';
import type { Outputs } from '../../core/ports.js';
import { describeEngineConformance } from '../conformance/engine-conformance.js';
import { cmd, run, start, val } from './helpers.js';

const engines: BodyEngine[] = [];
afterEach(() => { while (engines.length) engines.pop()!.dispose(); });
function rover(opts: Parameters<typeof roverRobot>[0] = {}, arena = {}): BodyEngine {
  const e = new BodyEngine({ robot: roverRobot(opts), environment: new WorldEnvironment(braitenbergArena(arena)) });
  engines.push(e);
  return e;
}
const yawOf = (o: Outputs) => { const p = o['base.pose'] as Float64Array; return 2 * Math.atan2(p[6]!, p[3]!); };
const wheels = (l: number, rr: number) => () => ({ 'left_wheel.command': cmd(l), 'right_wheel.command': cmd(rr) });

describeEngineConformance('BodyEngine (rover + arena)', {
  create: () => new BodyEngine({ robot: roverRobot(), environment: new WorldEnvironment(braitenbergArena()) }),
  inputs: (k) => ({ 'left_wheel.command': cmd(k % 5), 'right_wheel.command': cmd(2) }),
  steps: 10,
});

describe('rover odometry', () => {
  for (const [wl, wr] of [[2, 2], [-1, 1], [1, 3]] as const) {
    it(`wheels (${wl}, ${wr}) rad/s: displacement and yaw match v = r(ωl+ωr)/2, ω = r(ωr−ωl)/b`, async () => {
      const e = rover({}, { obstacle: false });
      await start(e);
      const a = await run(e, 0, 1000, wheels(wl, wr));
      const bb = await run(e, a.t, 1000, wheels(wl, wr));
      const pa = a.out['base.pose'] as Float64Array, pb = bb.out['base.pose'] as Float64Array;
      let dyaw = yawOf(bb.out) - yawOf(a.out);
      if (dyaw < -Math.PI) dyaw += 2 * Math.PI;
      const omega = (r * (wr - wl)) / b, v = (r * (wl + wr)) / 2;
      // Arc chord length for constant v and ω over 1 s.
      const chord = Math.abs(omega) < 1e-9 ? v : (2 * v / omega) * Math.sin(omega / 2);
      const moved = Math.hypot(pb[0]! - pa[0]!, pb[1]! - pa[1]!);
      const tolAbs = (x: number) => 0.01 * Math.abs(x) + 1e-3;
      expect(Math.abs(dyaw - omega)).toBeLessThan(tolAbs(omega));
      expect(Math.abs(moved - Math.abs(chord))).toBeLessThan(tolAbs(chord));
      // Encoder odometry (actual wheel turns) within 0.2 %.
      const dl = val(bb.out, 'left_wheel.position') - val(a.out, 'left_wheel.position');
      const dr = val(bb.out, 'right_wheel.position') - val(a.out, 'right_wheel.position');
      expect(Math.abs(dyaw - (r * (dr - dl)) / b)).toBeLessThan(0.002 * Math.abs(omega) + 2e-4);
      expect(val(bb.out, 'imu.angularVelocity', 2)).toBeCloseTo(omega, 2);
    });
  }

  it('range sensors see the walls; light sensors see the lamp and the IMU reads +g at rest', async () => {
    const e = rover({ depth: { width: 8, height: 6 } }, { obstacle: false, lightXyz: [3, 2, 0.4] });
    const o = await start(e);
    // Ray from (0.5, ±0.1, h) at ±30° to the wall at x = 4 (inner face): (4 − 0.5)/cos 30°.
    const exp = 3.5 / Math.cos(Math.PI / 6);
    expect(Math.abs(val(o, 'range_left.distance') - exp)).toBeLessThan(2e-3);
    expect(Math.abs(val(o, 'range_right.distance') - exp)).toBeLessThan(2e-3);
    // Lamp at (3, 2): the left photodiode faces it more directly and is closer.
    expect(val(o, 'light_left.irradiance')).toBeGreaterThan(val(o, 'light_right.irradiance'));
    const pL = [0.5, 0.2, 0.25 + 0.167];
    const d = [3 - pL[0]!, 2 - pL[1]!, 0.4 - pL[2]!];
    const dist = Math.hypot(d[0]!, d[1]!, d[2]!);
    const n = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6), 0];
    const eRef = (100 / (4 * Math.PI * dist * dist)) * ((d[0]! * n[0]! + d[1]! * n[1]!) / dist);
    expect(Math.abs(val(o, 'light_left.irradiance') / eRef - 1)).toBeLessThan(0.02); // start pose ±2 mm
    expect(val(o, 'imu.linearAcceleration', 2)).toBeCloseTo(9.81, 2);
    // Depth image (camera 0.47 m high, 90° FOV): row 3 looks 7° down and meets the 0.5 m wall at
    // x = 4 (3.5 m ahead, 0.04 m high); row 2 looks 7° up, over the wall (max range); the bottom row sees the floor.
    const depth = o['camera.depth'] as Float64Array;
    expect(depth.length).toBe(48);
    expect(depth[2 * 8 + 3]).toBe(10);
    const centre = depth[3 * 8 + 3]!;
    expect(centre).toBeGreaterThan(3.4);
    expect(centre).toBeLessThan(3.7);
    expect(depth[5 * 8 + 3]!).toBeLessThan(centre);
  });

  it('a lamp behind a wall casts a shadow (irradiance 0)', async () => {
    const e = new BodyEngine({
      robot: roverRobot(),
      environment: new WorldEnvironment({ ground: {}, walls: [{ xyz: [2, 0, 0.5], size: [0.1, 3, 1] }], lights: [{ name: 'lamp', xyz: [3, 0, 0.4], powerW: 100 }] }),
    });
    engines.push(e);
    const o = await start(e);
    expect(val(o, 'light_left.irradiance')).toBe(0);
    expect(val(o, 'light_right.irradiance')).toBe(0);
  });
});
