/**
 * Independent analytic references: LIF firing rate under constant current, and the closed-form
 * membrane response of the current-based models between spikes (exact integration ⇒ agreement to
 * rounding error).
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../../brains/spiking/index.js';

describe('LIF with constant input vs the analytic firing rate', () => {
  for (const [tauRef, iOff] of [[2, 1.0], [0.1, 0.8], [5, 2.5]] as const) {
    it(`IF_curr_exp, tau_refrac ${tauRef} ms, i_offset ${iOff} nA`, () => {
      const p = { cm: 1, tau_m: 20, v_rest: -65, v_reset: -70, v_thresh: -50, tau_refrac: tauRef, i_offset: iOff };
      const net = buildNetwork({
        populations: [{ label: 'n', size: 1, cellType: 'IF_curr_exp', params: p }],
        recorders: [{ kind: 'population', population: 'n', variables: ['spikes'] }],
      }, { seed: 1 });
      net.run(2000);
      const t = net.getSpikes('n').timesMs;
      const vinf = p.v_rest + (iOff * p.tau_m) / p.cm;
      const T = p.tau_m * Math.log((vinf - p.v_reset) / (vinf - p.v_thresh));
      const isi = (t[t.length - 1]! - t[1]!) / (t.length - 2);
      // Analytic ISI = tau_refrac + T. On the 0.1 ms grid the simulated ISI lies in
      // (tau_refrac + T − dt, tau_refrac + T] (state: crossing detected at the step end, refractory
      // counted from the spike stamp), so the tolerance is one dt on the ISI.
      expect(Math.abs(isi - (tauRef + T))).toBeLessThanOrEqual(0.1 + 1e-9);
      expect(isi).toBeLessThanOrEqual(tauRef + T + 1e-9);
      const rate = 1000 / isi;
      expect(Math.abs(rate - 1000 / (tauRef + T)) / (1000 / (tauRef + T))).toBeLessThan(0.1 / (tauRef + T - 0.1));
    });
  }
});

describe('current-based models match the closed-form solution between spikes', () => {
  const C = 0.5;
  const tm = 15;
  const ts = 3;
  const vr = -65;
  const iOff = 0.2;
  const w = 0.7;
  const tSpike = 5;
  const delay = 1.5;
  const t0 = tSpike + delay + 0.1; // effect begins at t_spike + delay + dt (grid convention)
  const base = (t: number): number => vr + ((iOff * tm) / C) * (1 - Math.exp(-t / tm));

  const run = (cellType: 'IF_curr_exp' | 'IF_curr_alpha' | 'IF_curr_delta') => {
    const net = buildNetwork({
      populations: [
        { label: 'n', size: 1, cellType, params: { cm: C, tau_m: tm, v_rest: vr, v_thresh: 0, i_offset: iOff, ...(cellType === 'IF_curr_delta' ? {} : { tau_syn_E: ts, tau_syn_I: ts }) } },
        { label: 's', size: 1, cellType: 'SpikeSourceArray', spikeTimes: [tSpike] },
      ],
      projections: [{ label: 'p', pre: 's', post: 'n', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: w, delay } }],
      recorders: [{ kind: 'population', population: 'n', variables: ['v'] }],
    }, { seed: 1 });
    net.run(60);
    return net.getTrace('n.v');
  };

  const maxErr = (tr: { timesMs: Float64Array; data: Float64Array }, f: (t: number) => number): number => {
    let m = 0;
    for (let j = 0; j < tr.data.length; j++) m = Math.max(m, Math.abs(tr.data[j]! - f(tr.timesMs[j]!)));
    return m;
  };

  it('IF_curr_exp (tolerance 1e-12 mV)', () => {
    const f = (t: number): number => {
      let v = base(t);
      if (t > t0) {
        const s = t - t0;
        v += (w / C) * ((tm * ts) / (tm - ts)) * (Math.exp(-s / tm) - Math.exp(-s / ts));
      }
      return v;
    };
    expect(maxErr(run('IF_curr_exp'), f)).toBeLessThan(1e-12);
  });

  it('IF_curr_alpha (tolerance 1e-12 mV)', () => {
    // I(s) = w e (s/ts) e^{-s/ts}; V(s) = (1/C) ∫0^s e^{-(s-u)/tm} I(u) du, closed form with a = 1/ts − 1/tm.
    const a = 1 / ts - 1 / tm;
    const f = (t: number): number => {
      let v = base(t);
      if (t > t0) {
        const s = t - t0;
        const integral = (1 - Math.exp(-a * s) * (1 + a * s)) / (a * a);
        v += ((w * Math.E) / (C * ts)) * Math.exp(-s / tm) * integral;
      }
      return v;
    };
    expect(maxErr(run('IF_curr_alpha'), f)).toBeLessThan(1e-12);
  });

  it('IF_curr_delta (tolerance 1e-12 mV)', () => {
    // Delta: V jumps by w (mV) at t0 (the sample at t0 is the left limit) and the jump decays with tm.
    const f = (t: number): number => base(t) + (t > t0 + 1e-9 ? w * Math.exp(-(t - t0) / tm) : 0);
    expect(maxErr(run('IF_curr_delta'), f)).toBeLessThan(1e-12);
  });
});
