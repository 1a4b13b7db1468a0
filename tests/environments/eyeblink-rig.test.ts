/**
 * The eye-blink head in its rig: the puff travels (arrives distance/frontSpeed after the valve
 * opens), loads the cornea with the jet's momentum flux when the lid is open, is blocked by a
 * closed lid, and the CS tone follows spherical spreading. Expected values are computed from the
 * rig geometry, not read from the code under test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BodyEngine } from '../../bodies/body-engine.js';
import { CORNEA_RADIUS_M, eyeblinkHeadRobot } from '../../bodies/robots/eyeblink-head.js';
import { WorldEnvironment } from '../../environments/world-environment.js';
import { eyeblinkRig } from '../../environments/worlds/eyeblink-rig.js';
import { describeEngineConformance } from '../conformance/engine-conformance.js';
import { cmd, run, start, val } from '../bodies/helpers.js';

const make = () => new BodyEngine({ name: 'body', robot: eyeblinkHeadRobot(), environment: new WorldEnvironment(eyeblinkRig()) });
const engines: BodyEngine[] = [];
afterEach(() => { while (engines.length) engines.pop()!.dispose(); });
function fresh(): BodyEngine { const e = make(); engines.push(e); return e; }

describeEngineConformance('BodyEngine (eye-blink head + rig)', {
  create: make,
  inputs: (k) => ({ 'eyelid.command': cmd(k > 10 ? 1 : 0), 'nozzle.trigger': cmd(k > 3 && k < 12 ? 1 : 0), 'cs.trigger': cmd(k > 1 ? 1 : 0) }),
});

const F0 = 1.2 * 100 * 100 * Math.PI * 0.0005 * 0.0005; // ρ v² A of the nozzle exit (N)
const AREA = 2 * Math.PI * CORNEA_RADIUS_M ** 2 * (1 - Math.cos(Math.PI / 4));

/**
 * Independent reference for the open-lid load: 64 streamlines in the rig's sunflower pattern over a
 * 15° cone from (0, 0.042, 0) towards the eye centre, intersected analytically with the cornea sphere.
 */
function expectedOpenForce(): number {
  const n = 64, half = (15 * Math.PI) / 180, golden = Math.PI * (3 - Math.sqrt(5)), R = CORNEA_RADIUS_M, D = 0.042;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const th = half * Math.sqrt((i + 0.5) / n);
    // Ray from the nozzle at angle th to the axis; distance of closest approach to the centre is D·sin th.
    const b = D * Math.sin(th);
    if (b >= R) continue;
    sum += Math.sqrt(1 - (b / R) ** 2); // cos(incidence) = sqrt(1 − (b/R)²)
    void golden;
  }
  return (F0 / n) * sum;
}

describe('eye-blink rig', () => {
  it('the puff reaches the open cornea 3 ms (30 mm at 10 m/s) after the valve opens, with the jet force', async () => {
    const e = fresh();
    await start(e);
    const p: number[] = [];
    await run(e, 0, 40, (k) => ({ 'nozzle.trigger': cmd(k >= 10 && k < 25 ? 1 : 0) }), (o) => p.push(val(o, 'cornea.pressure')));
    // Output k reports the load during step [k, k+1) ms. The valve is open during steps 10..24;
    // air leaving in step j reaches the cornea in step j + 3.
    expect(p.slice(0, 13).every((x) => x === 0)).toBe(true);
    expect(p[13]).toBeGreaterThan(0);
    expect(p[27]).toBeGreaterThan(0);
    // Grazing streamlines travel further (up to 35 mm → 4 steps), so a small tail remains one step longer.
    expect(p[28]!).toBeLessThan(0.05 * p[15]!);
    expect(p[29]).toBe(0);
    // Normal force = F0/N · Σ cos(incidence) over the streamlines, from an analytic ray–sphere intersection.
    expect(Math.abs(p[15]! * AREA / expectedOpenForce() - 1)).toBeLessThan(0.01);
  });

  it('lid closure reduces the puff reaching the cornea (monotone, zero when closed)', async () => {
    const e = fresh();
    await start(e);
    const byClosure: number[] = [];
    for (const c of [0, 0.2, 0.3, 0.4, 0.6, 1]) {
      await e.reset();
      const r = await run(e, 0, 60, (k) => ({ 'eyelid.command': cmd(c), 'nozzle.trigger': cmd(k >= 50 ? 1 : 0) }));
      byClosure.push(val(r.out, 'cornea.pressure'));
      expect(Math.abs(val(r.out, 'eyelid.closure') - c)).toBeLessThan(0.02); // gravity sag m·g·R/k ≈ 0.009
    }
    for (let i = 1; i < byClosure.length; i++) expect(byClosure[i]!).toBeLessThanOrEqual(byClosure[i - 1]!);
    expect(Math.abs(byClosure[0]! * AREA / expectedOpenForce() - 1)).toBeLessThan(0.01);
    expect(byClosure[byClosure.length - 1]).toBe(0);
    expect(byClosure.some((x) => x > 0 && x < byClosure[0]! * 0.95)).toBe(true); // a partly closed lid blocks part of the jet
  });

  it('the lid closes like a critically damped 200 rad/s drive (10–90 % within 8–25 ms)', async () => {
    const e = fresh();
    await start(e);
    let t10 = -1, t90 = -1;
    await run(e, 0, 60, () => ({ 'eyelid.command': cmd(1) }), (o, k) => {
      const c = val(o, 'eyelid.closure');
      if (t10 < 0 && c >= 0.1) t10 = k + 1;
      if (t90 < 0 && c >= 0.9) t90 = k + 1;
    });
    // Critically damped 2nd order: 10 % at ωt ≈ 0.53, 90 % at ωt ≈ 3.89 → 16.8 ms at ω = 200 rad/s.
    expect(t90 - t10).toBeGreaterThanOrEqual(8);
    expect(t90 - t10).toBeLessThanOrEqual(25);
  });

  it('the CS tone reads p1m / r at the ear while on, 0 while off', async () => {
    const e = fresh();
    await start(e);
    const on = await run(e, 0, 2, () => ({ 'cs.trigger': cmd(1) }));
    const ear = [0.03, 0, 0.3], src = [0.2, 0.2, 0.4];
    const r = Math.hypot(ear[0]! - src[0]!, ear[1]! - src[1]!, ear[2]! - src[2]!);
    expect(Math.abs(val(on.out, 'cs.level') / (0.2 / r) - 1)).toBeLessThan(1e-6); // f32 positions
    const off = await run(e, on.t, 1, () => ({ 'cs.trigger': cmd(0) }));
    expect(val(off.out, 'cs.level')).toBe(0);
  });

  it('rejects an eyelid command outside [0, 1] naming the port', async () => {
    const e = fresh();
    await start(e);
    expect(() => e.advance(1e6, { 'eyelid.command': cmd(1.5) })).toThrow(/eyelid\.command/);
    expect(() => e.advance(1e6, { 'nozzle.trigger': cmd(-1) })).toThrow(/nozzle\.trigger/);
  });

  it('snapshot/restore mid-puff continues bit-identically', async () => {
    const e = fresh();
    await start(e);
    const inp = (k: number) => ({ 'eyelid.command': cmd(k > 12 ? 0.8 : 0), 'nozzle.trigger': cmd(k >= 8 && k < 20 ? 1 : 0) });
    const r = await run(e, 0, 10, inp);
    const snap = e.snapshot();
    const a: number[] = [], b: number[] = [];
    await run(e, r.t, 30, (k) => inp(k + 10), (o) => a.push(val(o, 'cornea.pressure'), val(o, 'eyelid.closure')));
    e.restore(snap);
    await run(e, r.t, 30, (k) => inp(k + 10), (o) => b.push(val(o, 'cornea.pressure'), val(o, 'eyelid.closure')));
    expect(b).toEqual(a);
  });
});
