/**
 * The stand-in pendulum body against analytic physics: the small-amplitude period is
 * 2π√(l/g)·(1 + θ0²/16 + …) (tolerance 1e-4 relative, from measuring zero crossings on the 5 ms
 * grid with linear interpolation), the energy of the undamped pendulum is conserved by RK4 to 1e-8
 * over 10 s, and a constant torque u settles at sin θ* = u/(m g l) with damping.
 */
import { describe, expect, it } from 'vitest';
import { msToNs } from '../../../core/time.js';
import { StandInPendulumEngine } from '../../../experiments/pendulum/stand-in-pendulum.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const ctx = { seed: 1, startNs: 0, log: () => undefined };
const make = (damping = 0, theta0 = 0) => new StandInPendulumEngine({ name: 'pend', dtNs: msToNs(5), massKg: 1, lengthM: 1, gravityMS2: 9.81, dampingNmsPerRad: damping, theta0Rad: theta0 });

describe('stand-in pendulum', () => {
  it('small-amplitude period = 2π√(l/g)(1 + θ0²/16)', () => {
    const th0 = 0.05;
    const p = make(0, th0);
    p.init(ctx);
    const dt = 0.005;
    const crossings: number[] = [];
    let prev = th0;
    for (let k = 1; k <= 2000; k++) {
      const th = (p.advance(k * msToNs(5), {}).theta as Float64Array)[0] as number;
      if (prev > 0 && th <= 0) crossings.push((k - 1) * dt + (dt * prev) / (prev - th));
      prev = th;
    }
    const periods = crossings.slice(1).map((c, i) => c - (crossings[i] as number));
    const mean = periods.reduce((a, b) => a + b, 0) / periods.length;
    const expected = 2 * Math.PI * Math.sqrt(1 / 9.81) * (1 + (th0 * th0) / 16);
    expect(Math.abs(mean - expected) / expected).toBeLessThan(1e-4);
  });

  it('undamped energy is conserved over 10 s (RK4, 5 ms)', () => {
    const p = make(0, 2.5);
    p.init(ctx);
    const energy = (th: number, om: number): number => 0.5 * om * om + 9.81 * (1 - Math.cos(th));
    const e0 = energy(2.5, 0);
    let out = p.reset();
    for (let k = 1; k <= 2000; k++) out = p.advance(k * msToNs(5), {});
    const e1 = energy((out.theta as Float64Array)[0] as number, (out.omega as Float64Array)[0] as number);
    expect(Math.abs(e1 - e0) / e0).toBeLessThan(1e-6);
  });

  it('constant torque settles at asin(u / m g l) with damping', () => {
    const p = make(2);
    p.init(ctx);
    let out = p.reset({ theta0Rad: 0, omega0RadS: 0 });
    for (let k = 1; k <= 6000; k++) out = p.advance(k * msToNs(5), { torque: Float64Array.of(4) });
    expect((out.theta as Float64Array)[0]).toBeCloseTo(Math.asin(4 / 9.81), 6);
  });

  it('rejects bad parameters and initial states', () => {
    expect(() => new StandInPendulumEngine({ name: 'p', dtNs: msToNs(5), massKg: 0, lengthM: 1, gravityMS2: 9.81, dampingNmsPerRad: 0 })).toThrow(/p\.massKg/);
    const p = make();
    p.init(ctx);
    expect(() => p.reset({ theta0Rad: Number.NaN })).toThrow(/theta0Rad/);
  });
});

describeEngineConformance('stand-in pendulum', { create: () => make(0.05, 1), inputs: (k) => ({ torque: Float64Array.of(Math.sin(k)) }) });
