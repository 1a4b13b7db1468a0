import { describe, expect, it } from 'vitest';
import { StandInArmEngine } from '../../../experiments/reaching/stand-in-arm.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const MS = 1_000_000;
const ctx = { seed: 1, startNs: 0, log: () => undefined };

describeEngineConformance('StandInArmEngine', {
  create: () => new StandInArmEngine(),
  inputs: (k) => ({ torque: Float64Array.of(2 + 0.1 * k), loadKg: Float64Array.of(0.5) }),
});

describe('stand-in arm (closed forms)', () => {
  it('exact gravity compensation holds the arm still, with or without load', () => {
    for (const load of [0, 1]) {
      const arm = new StandInArmEngine({ theta0Rad: 0.3 });
      arm.init(ctx);
      const tau = arm.gravityCoef(load) * Math.cos(0.3);
      let s: Float64Array = new Float64Array(2);
      for (let k = 1; k <= 500; k++) s = arm.advance(k * 2 * MS, { torque: Float64Array.of(tau), loadKg: Float64Array.of(load) })['state'] as Float64Array;
      expect(s[0]).toBeCloseTo(0.3, 9);
    }
  });

  it('small undamped oscillation about hanging has period 2π√(I/coef) (load changes it)', () => {
    for (const load of [0, 1]) {
      const arm = new StandInArmEngine({ theta0Rad: -Math.PI / 2 + 0.05, dampingNmsPerRad: 0 });
      arm.init(ctx);
      const expected = 2 * Math.PI * Math.sqrt(arm.inertia(load) / arm.gravityCoef(load));
      const ups: number[] = [];
      let prev = 0.05; // starts displaced upward
      for (let k = 1; k <= 2000; k++) {
        const s = arm.advance(k * 2 * MS, { torque: Float64Array.of(0), loadKg: Float64Array.of(load) })['state'] as Float64Array;
        const x = s[0]! + Math.PI / 2;
        if (prev < 0 && x >= 0) ups.push(k * 2e-3);
        prev = x;
      }
      const period = (ups[ups.length - 1]! - ups[0]!) / (ups.length - 1);
      // 2 ms sampling of the crossing → ±2 ms per crossing; small-angle error (0.05 rad) ≈ 0.016 %.
      expect(Math.abs(period - expected)).toBeLessThan(3e-3);
    }
  });
});
