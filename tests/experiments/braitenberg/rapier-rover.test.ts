/**
 * The Rapier rover adapter of `braitenberg`: engine conformance, the light sensors against the
 * stand-in's cardioid model (geometry: lamp bearing and distance), wall contact from the footprint,
 * and seeded arenas.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Outputs } from '../../../core/ports.js';
import { RapierRoverEngine, drawArena, footprintTouches } from '../../../experiments/braitenberg/rapier-rover.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const engines: RapierRoverEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

describeEngineConformance('RapierRoverEngine', {
  create: () => new RapierRoverEngine(),
  inputs: (k) => ({ wheels: Float64Array.of(3 + Math.sin(k), 4) }),
  steps: 10,
});

describe('Rapier rover adapter', () => {
  it('light sensors follow the cardioid g·(1 + cos(bearing ∓ 45°))/2 of the stand-in (5 %)', async () => {
    // Six seeded arenas without the obstacle block (it can occlude the lamp); sensors at the start pose.
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = new RapierRoverEngine({ obstacle: false });
      engines.push(r);
      await r.init({ seed, startNs: 0, log: () => undefined });
      // Sensors read the state after the first (10 ms) step, wheels still.
      const o = (await r.advance(r.dt, { wheels: Float64Array.of(0, 0) })) as Outputs;
      const a = r.arena;
      const light = o['light'] as Float64Array;
      const bearing = Math.atan2(a.lightY - a.y0, a.lightX - a.x0) - a.heading0;
      const ratioModel = (1 + Math.cos(bearing - Math.PI / 4)) / (1 + Math.cos(bearing + Math.PI / 4));
      const l = light[0] as number, rr = light[1] as number;
      // Compare the sum (brightness) and, where both are well above 0, the left/right ratio.
      expect(l + rr).toBeGreaterThan(0);
      if (rr > 0.05 && l > 0.05) expect(Math.abs(l / rr / ratioModel - 1)).toBeLessThan(0.05);
      // Brightness falls with distance: g = E/(E + 0.5) with E ≈ P/(4πd²) for the 100 W lamp (10 %;
      // the diodes sit 0.4 m up and the lamp 0.4 m up, so d is the planar distance).
      const d = Math.hypot(a.lightX - a.x0, a.lightY - a.y0);
      const E = 100 / (4 * Math.PI * d * d);
      const g = E / (E + 0.5);
      expect(Math.abs((l + rr) / (g * (1 + (Math.cos(bearing - Math.PI / 4) + Math.cos(bearing + Math.PI / 4)) / 2)) - 1)).toBeLessThan(0.1);
    }
  });

  it('arenas: lamp and start inside the walls, ≥ 3 m apart, same seed ⇒ same arena', () => {
    for (let s = 0; s < 50; s++) {
      const a = drawArena(s, 3);
      for (const v of [a.lightX, a.lightY, a.x0, a.y0]) expect(Math.abs(v)).toBeLessThanOrEqual(3);
      expect(Math.hypot(a.lightX - a.x0, a.lightY - a.y0)).toBeGreaterThanOrEqual(3);
      expect(drawArena(s, 3)).toEqual(a);
    }
  });

  it('footprint contact: corners within 2 cm of a wall', () => {
    expect(footprintTouches(0, 0, 0)).toBe(false);
    // Facing +x, the front corners are at x + 0.495: contact from x = 4 − 0.02 − 0.495.
    expect(footprintTouches(3.49, 0, 0)).toBe(true);
    expect(footprintTouches(3.47, 0, 0)).toBe(false);
    // Turned 90°, the half width 0.335 faces the wall instead.
    expect(footprintTouches(3.5, 0, Math.PI / 2)).toBe(false);
    expect(footprintTouches(3.65, 0, Math.PI / 2)).toBe(true);
    // The obstacle block (centre (1.5, −1.5), half size 0.3), approached facing +x: a front corner
    // enters its 2 cm margin from x = 1.5 − 0.32 − 0.495; only when the obstacle is in the arena.
    expect(footprintTouches(0.695, -1.3, 0, true)).toBe(true);
    expect(footprintTouches(0.67, -1.3, 0, true)).toBe(false);
    expect(footprintTouches(0.695, -1.3, 0, false)).toBe(false);
  });
});
