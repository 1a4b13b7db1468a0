import { describe, expect, it } from 'vitest';
import { NeuroloopError } from '../../../core/errors.js';
import braitenberg from '../../../experiments/braitenberg/index.js';
import { StandInRoverEngine } from '../../../experiments/braitenberg/stand-in-rover.js';
import { runExperiment } from '../../../experiments/framework/runner.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const MS = 1_000_000;
const ctx = { seed: 3, startNs: 0, log: () => undefined };

describeEngineConformance('StandInRoverEngine', {
  create: () => new StandInRoverEngine(),
  inputs: (k) => ({ wheels: Float64Array.of(3 + Math.sin(k), 4) }),
});

describe('stand-in rover kinematics (closed forms)', () => {
  it('equal wheel speeds: straight line at v = r·ω', () => {
    const r = new StandInRoverEngine({ arenaHalfM: 100, minStartDistanceM: 1 });
    const o0 = r.init(ctx);
    const [x0, y0, th] = Array.from(o0['pose'] as Float64Array) as [number, number, number];
    let o = o0;
    for (let k = 1; k <= 100; k++) o = r.advance(k * 10 * MS, { wheels: Float64Array.of(2, 2) });
    const p = o['pose'] as Float64Array;
    const d = 0.165 * 2 * 1.0; // 1 s
    expect(p[0]).toBeCloseTo(x0 + d * Math.cos(th), 9);
    expect(p[1]).toBeCloseTo(y0 + d * Math.sin(th), 9);
  });

  it('opposite wheel speeds: turn in place at ω_body = 2rω/track', () => {
    const r = new StandInRoverEngine({ arenaHalfM: 100, minStartDistanceM: 1 });
    const p0 = Array.from(r.init(ctx)['pose'] as Float64Array);
    let o = r.advance(10 * MS, { wheels: Float64Array.of(-1, 1) });
    for (let k = 2; k <= 50; k++) o = r.advance(k * 10 * MS, { wheels: Float64Array.of(-1, 1) });
    const p = o['pose'] as Float64Array;
    const dth = ((2 * 0.165 * 1) / 0.555) * 0.5;
    expect(p[0]).toBeCloseTo(p0[0]!, 12);
    expect(Math.cos(p[2]! - p0[2]! - dth)).toBeCloseTo(1, 12);
  });

  it('walls stop the rover and count one collision per contact; over-limit wheels are rejected', () => {
    const r = new StandInRoverEngine();
    r.init(ctx);
    let o = r.advance(10 * MS, { wheels: Float64Array.of(10, 10) });
    for (let k = 2; k <= 1000; k++) o = r.advance(k * 10 * MS, { wheels: Float64Array.of(10, 10) });
    const p = o['pose'] as Float64Array;
    const lim = 3 - 0.4;
    expect(Math.max(Math.abs(p[0]!), Math.abs(p[1]!))).toBeCloseTo(lim, 9);
    expect((o['status'] as Float64Array)[1]).toBe(1);
    expect((o['status'] as Float64Array)[2]).toBeGreaterThanOrEqual(1);
    expect(() => r.advance(1001 * 10 * MS, { wheels: Float64Array.of(13, 0) })).toThrow(NeuroloopError);
  });
});

type Metrics = { summary: { reached: number; trials: number; totalCollisions: number }; trials: { timeToReachS: number | null; pathLengthM: number; startDistanceM: number }[] };

describe('braitenberg scenario (reduced: 10 seeded arenas × 40 s)', () => {
  it('Rapier rover in the arena (default): reaches the light in ≥ 9 of 10 arenas, deterministically', async () => {
    const r = await runExperiment(braitenberg, { seed: 1, set: { trials: 10, trialMs: 40_000 } });
    expect(r.state, String(r.error)).toBe('completed');
    expect(r.params['rover']).toBe('rapier');
    const m = r.metrics as Metrics;
    expect(m.summary.trials).toBe(10);
    expect(m.summary.reached).toBeGreaterThanOrEqual(9);
    for (const t of m.trials) {
      // A path can never be shorter than the straight line to the reach circle.
      if (t.timeToReachS !== null) expect(t.pathLengthM).toBeGreaterThanOrEqual(t.startDistanceM - 0.8 - 1e-9);
    }
    const again = await runExperiment(braitenberg, { seed: 1, set: { trials: 2, trialMs: 10_000 } });
    const again2 = await runExperiment(braitenberg, { seed: 1, set: { trials: 2, trialMs: 10_000 } });
    expect(again.metrics).toEqual(again2.metrics);
    const plots = r.setup.plots?.() ?? {};
    expect(Object.keys(plots)).toContain('trajectories.vl.json');
  }, 180_000);

  it('stand-in rover (option): reaches the light in ≥ 9 of 10 arenas', async () => {
    const r = await runExperiment(braitenberg, { seed: 1, set: { rover: 'stand-in', trials: 10, trialMs: 40_000 } });
    expect(r.state, String(r.error)).toBe('completed');
    expect((r.metrics as Metrics).summary.reached).toBeGreaterThanOrEqual(9);
  }, 120_000);
});
