/**
 * Conduction delays: an impulse into one node reaches each of its targets exactly
 * rint(length / speed / dt) steps later (TVB's integer delays and circular history), on the real
 * 76-region connectome. A test-local "integrator" model (dx/dt = stimulus only) keeps every other
 * node silent, so the first non-zero coupling input marks the arrival of the direct path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MeanFieldSimulator, loadTvbConnectivityZip, makeCoupling, makeStimulus, pairConnectivity, rint, type MeanFieldModel,
} from '../../../brains/meanfield/index.js';
import { SHARED_DATA } from './reference.js';

const integratorModel: MeanFieldModel = {
  name: 'TestIntegrator', stateNames: ['x'], cvar: [0], stateRange: [[0, 0]], nCouplingInputs: 1,
  dfun(_x, _c, n, dx) { for (let i = 0; i < n; i++) dx[i] = 0; },
  rateHz(x, n, out) { for (let i = 0; i < n; i++) out[i] = x[i] as number; },
  observe(x, n, out) { for (let i = 0; i < n; i++) out[i] = x[i] as number; },
};

describe('rint (numpy semantics: half to even)', () => {
  it('rounds halves to even and everything else to nearest', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001, 7].map(rint)).toEqual([0, 2, 2, 4, 2, 3, 7]);
  });
});

describe('delays on the TVB 76-region connectome', () => {
  it('an impulse into one node arrives at every target after exactly rint(L/speed/dt) steps', async () => {
    const conn = await loadTvbConnectivityZip(new Uint8Array(readFileSync(join(SHARED_DATA, 'tvb-connectivity-76/connectivity_76.zip'))));
    const n = conn.nRegions;
    const src = 5;
    const onset = 3; // the pulse acts during step 3 → x_src changes at step 4
    for (const [speed, dtMs] of [[3.0, 0.1], [4.0, 0.05]] as const) {
      const sim = new MeanFieldSimulator({
        model: integratorModel, connectivity: conn, coupling: makeCoupling({ kind: 'Linear', a: 1 }), dtMs,
        integrator: { kind: 'Euler' }, conductionSpeedMmPerMs: speed,
        stimulus: makeStimulus({ variable: 0, nodes: { [src]: 1 }, temporal: { kind: 'pulse', onsetMs: onset * dtMs, durationMs: dtMs / 2, amplitude: 1 / dtMs } }, 1, n),
      });
      const firstArrival = new Int32Array(n).fill(-1);
      const value = new Float64Array(n);
      for (let s = 0; s < sim.horizon + 20; s++) {
        sim.step(); // step index s used coupling computed from history at step s
        for (let i = 0; i < n; i++) {
          if (firstArrival[i] === -1 && (sim.c[i] as number) !== 0) {
            firstArrival[i] = s;
            value[i] = sim.c[i] as number;
          }
        }
      }
      let checked = 0;
      for (let i = 0; i < n; i++) {
        const w = conn.weights[i * n + src] as number;
        if (w === 0) {
          expect(firstArrival[i], `node ${i} has no edge from ${src}`).toBe(-1);
          continue;
        }
        const d = rint((conn.tractLengthsMm[i * n + src] as number) / speed / dtMs);
        expect(firstArrival[i], `target ${i}`).toBe(onset + 1 + d);
        expect(value[i]).toBeCloseTo(w * 1, 12);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    }
  });

  it('the history horizon is max delay + 1 and delays are exact on a two-node pair', () => {
    // 10.5 mm at 3 mm/ms and dt 0.1 ms = 35 steps.
    const sim = new MeanFieldSimulator({
      model: integratorModel, connectivity: pairConnectivity(2, 10.5), coupling: makeCoupling({ kind: 'Scaling', a: 1 }), dtMs: 0.1,
      integrator: { kind: 'Euler' },
      stimulus: makeStimulus({ variable: 0, nodes: { 0: 1 }, temporal: { kind: 'pulse', onsetMs: 0, durationMs: 0.05, amplitude: 10 } }, 1, 2),
    });
    expect(sim.horizon).toBe(36);
    const c1: number[] = [];
    for (let s = 0; s < 80; s++) { sim.step(); c1.push(sim.c[1] as number); }
    expect(c1.findIndex((v) => v !== 0)).toBe(1 + 35);
    expect(c1[36]).toBeCloseTo(2, 12);
    // Node 1 is silent, so node 0 never receives anything.
  });
});
