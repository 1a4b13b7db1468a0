/**
 * Body engines on the coordinator's bus: (1) a PD transceiver with gravity compensation holds the
 * pendulum at 1 rad; (2) a reflex transceiver closes the eyelid when the cornea senses the puff, so
 * later puff arrives at a (partly) closed lid and the cornea load drops — the closed loop of the
 * eye-blink experiment, with one step of bus latency per hop.
 */
import { describe, expect, it } from 'vitest';
import { Bus } from '../../core/bus.js';
import { defineTransceiver } from '../../core/transceiver.js';
import { msToNs } from '../../core/time.js';
import { BodyEngine } from '../../bodies/body-engine.js';
import { eyeblinkHeadRobot } from '../../bodies/robots/eyeblink-head.js';
import { pendulumRobot } from '../../bodies/robots/pendulum.js';
import { WorldEnvironment } from '../../environments/world-environment.js';
import { eyeblinkRig } from '../../environments/worlds/eyeblink-rig.js';

describe('body engines on the bus', () => {
  it('PD + gravity compensation holds the pendulum at the target', async () => {
    const body = new BodyEngine({ name: 'pend', robot: pendulumRobot({ effortNm: 10 }) });
    const out = new Float64Array(1);
    const pd = defineTransceiver({
      name: 'pd', reads: ['pend.hinge.position', 'pend.hinge.velocity'], writes: ['pend.torque.command'],
      fn: (i) => {
        const q = (i['pend.hinge.position'] as Float64Array)[0]!, qd = (i['pend.hinge.velocity'] as Float64Array)[0]!;
        out[0] = 20 * (1 - q) - 2 * qd + 1 * 9.81 * 0.5 * Math.sin(q);
        return { 'pend.torque.command': out };
      },
    });
    const bus = new Bus({ engines: [body], transceivers: [pd], seed: 1 });
    let last = 0;
    bus.sync$.subscribe((s) => { last = ((s.outputs.get('pend')!['hinge.position']) as Float64Array)[0]!; });
    await bus.init();
    await bus.runUntil(msToNs(3000));
    await bus.dispose();
    expect(Math.abs(last - 1)).toBeLessThan(0.01);
  });

  it('a cornea-driven reflex closes the lid and cuts the puff reaching the cornea', async () => {
    const body = new BodyEngine({ name: 'body', robot: eyeblinkHeadRobot(), environment: new WorldEnvironment(eyeblinkRig()) });
    const lid = new Float64Array(1), valve = new Float64Array(1);
    const reflex = defineTransceiver({
      name: 'reflex', reads: ['body.cornea.pressure'], writes: ['body.eyelid.command'],
      init: () => ({ closed: false }),
      fn: (i, st) => {
        if ((i['body.cornea.pressure'] as Float64Array)[0]! > 1) st.closed = true;
        lid[0] = st.closed ? 1 : 0;
        return { 'body.eyelid.command': lid };
      },
    });
    let tMs = 0;
    const puff = defineTransceiver({ name: 'puff', reads: [], writes: ['body.nozzle.trigger'], fn: () => { valve[0] = tMs >= 10 && tMs < 110 ? 1 : 0; tMs++; return { 'body.nozzle.trigger': valve }; } });
    const bus = new Bus({ engines: [body], transceivers: [puff, reflex], seed: 1 });
    const p: number[] = [], c: number[] = [];
    bus.sync$.subscribe((s) => { const o = s.outputs.get('body')!; p.push((o['cornea.pressure'] as Float64Array)[0]!); c.push((o['eyelid.closure'] as Float64Array)[0]!); });
    await bus.init();
    await bus.runUntil(msToNs(120));
    await bus.dispose();
    const first = p.findIndex((x) => x > 1);
    expect(first).toBeGreaterThan(10);
    expect(Math.max(...p.slice(first, first + 3))).toBeGreaterThan(20);
    // The lid then closes within ~30 ms and the cornea load falls to zero although the valve stays open.
    expect(p.slice(first + 40, 110).every((x) => x === 0)).toBe(true);
    expect(c[100]!).toBeGreaterThan(0.95);
  });
});
