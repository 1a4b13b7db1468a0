/**
 * The hybrid cerebellum's learning set-point, checked against independent references:
 *  - Σk (the PF–PC LTD kernel summed over its grid lags) against a fine numerical integral of the
 *    kernel formula of shared/specs/eyeblink.md, written out here (1 % tolerance: the grid sum is a
 *    1 ms Riemann sum of a smooth kernel);
 *  - the balance point |A−| = A+/(ν_IO·1e-3·Σk) against the simulated PF–PC rule itself: with
 *    Poisson PF at 20 Hz and the IO at the baseline rate the mean weight stays put (|Δw| < 15 % of
 *    the LTP-only drift), with no IO it drifts by A+·ν·T (±5 %: Poisson counts), and with the IO at
 *    3× baseline it falls by 2·A+·ν·T (±20 %: LTD comes in IO-sized jumps).
 */
import { describe, expect, it } from 'vitest';
import { SpikingNetwork } from '../../../brains/spiking/spiking-network.js';
import { pfPcAminusFor, pfPcKernelSumMs } from '../../../experiments/hybrid/network.js';

function kernel(sdMs: number): number {
  const x = sdMs - 150;
  return (Math.exp(-x / 1000) * Math.sin((2 * Math.PI * x) / 1000) ** 20) / 1.2848;
}

describe('hybrid cerebellum: PF–PC balance point', () => {
  it('Σk matches the integral of the LTD kernel over its 200 ms window', () => {
    // The rule pairs an IO spike at step k with PF spikes at sd = t_PF − (t_IO − 1 ms) ∈ [−200, 0).
    let integral = 0;
    const h = 0.001;
    for (let sd = -200 + h / 2; sd < 0; sd += h) integral += kernel(sd) * h;
    expect(pfPcKernelSumMs(1)).toBeGreaterThan(80);
    expect(Math.abs(pfPcKernelSumMs(1) / integral - 1)).toBeLessThan(0.01);
  });

  it('LTP and LTD cancel at the IO baseline rate in simulation', () => {
    const aPlus = 4e-7;
    const baseHz = 5;
    const pfHz = 20;
    const T = 30;
    const drift = (ioHz: number): number => {
      const net = new SpikingNetwork({
        timestepMs: 1,
        populations: [
          { label: 'PF', size: 200, cellType: 'SpikeSourcePoisson', params: { rate: pfHz } },
          { label: 'IO', size: 8, cellType: 'SpikeSourcePoisson', params: { rate: ioHz } },
          { label: 'PC', size: 8, cellType: 'IF_cond_exp', params: {} },
        ],
        projections: [{
          label: 'pf_pc', pre: 'PF', post: 'PC', connector: { type: 'AllToAll', allowSelfConnections: true }, receptor: 'excitatory',
          synapse: { type: 'PfPcPlasticity', weight: 0.5, delay: 1, teacher: 'IO', A_plus: aPlus, A_minus: pfPcAminusFor(aPlus, baseHz, 1), w_min: 0, w_max: 1 },
        }],
      }, { seed: 11, name: 'balance' });
      net.run(T * 1000);
      const w = net.getWeights('pf_pc');
      let s = 0;
      for (const x of w) s += x - 0.5;
      return s / w.length;
    };
    const ltpOnly = aPlus * pfHz * T;
    expect(drift(0) / ltpOnly).toBeCloseTo(1, 1);
    expect(Math.abs(drift(0) / ltpOnly - 1)).toBeLessThan(0.05);
    expect(Math.abs(drift(baseHz)) / ltpOnly).toBeLessThan(0.15);
    expect(Math.abs(drift(3 * baseHz) / ltpOnly - -2)).toBeLessThan(0.4);
  });
});
