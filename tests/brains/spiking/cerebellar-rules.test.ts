/**
 * MF–DCN and PC–DCN rules against closed forms computed here from the spike trains.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../../brains/spiking/index.js';

const f = (sd: number): number => Math.exp(-Math.abs(0.4 * sd)) * Math.cos(sd / 1000) ** 2;

describe('MF–DCN plasticity', () => {
  it('matches LTP per MF spike plus the cos² kernel over MF / PC-arrival pairs within ±10 ms', () => {
    const mf = [[5, 20, 33.3, 60, 90.5], [12, 47, 58, 61.2, 140]];
    const pcSpikes = [[10, 50, 100], [30, 55.5]];
    const pcDelay = 1;
    const aPlus = 1e-3;
    const aMinus = -1e-2;
    const net = buildNetwork({
      populations: [
        { label: 'MF', size: 2, cellType: 'SpikeSourceArray', spikeTimes: mf },
        { label: 'PC', size: 2, cellType: 'SpikeSourceArray', spikeTimes: pcSpikes },
        { label: 'DCN', size: 2, cellType: 'IF_cond_exp' },
      ],
      projections: [
        { label: 'pc_dcn', pre: 'PC', post: 'DCN', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: 0.001, delay: pcDelay }, receptor: 'inhibitory' },
        { label: 'mf_dcn', pre: 'MF', post: 'DCN', connector: { type: 'AllToAll' }, synapse: { type: 'MfDcnPlasticity', weight: 0.1, delay: 10, pcProjection: 'pc_dcn', A_plus: aPlus, A_minus: aMinus, w_max: 1 } },
      ],
    }, { seed: 1 });
    net.run(200);
    const c = net.getConnections('mf_dcn');
    for (let s = 0; s < c.pre.length; s++) {
      const i = c.pre[s]!;
      const d = c.post[s]!;
      let ltd = 0;
      for (const tm of mf[i]!) for (const tp of pcSpikes[d]!) {
        const sd = tm - (tp + pcDelay + 0.1); // PC spike reaches the DCN at stamp + delay + dt
        if (Math.abs(sd) <= 10 + 1e-9) ltd += f(sd);
      }
      const expected = 0.1 + aPlus * mf[i]!.length + aMinus * ltd;
      expect(c.weight[s]).toBeCloseTo(expected, 12);
    }
  });
});

describe('PC–DCN plasticity (additive STDP, negative bound)', () => {
  it('pre-before-post strengthens inhibition, post-before-pre weakens it, within [w_min, 0]', () => {
    const run = (pre: number[], post: number[]) => {
      const net = buildNetwork({
        populations: [
          { label: 'PC', size: 1, cellType: 'SpikeSourceArray', spikeTimes: pre },
          { label: 'DCN', size: 1, cellType: 'Parrot' },
          { label: 'drive', size: 1, cellType: 'SpikeSourceArray', spikeTimes: post.map((t) => t - 1.1) },
        ],
        projections: [
          { label: 'pc_dcn', pre: 'PC', post: 'DCN', connector: { type: 'OneToOne' }, synapse: { type: 'PcDcnPlasticity', weight: -0.25, delay: 5, tau_plus: 30, lambda: 0.01, alpha: 1, w_min: -0.5, w_max: 0 } },
          { label: 'd', pre: 'drive', post: 'DCN', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: 1, delay: 1 } },
        ],
      }, { seed: 1 });
      net.run(200);
      return net.getWeights('pc_dcn')[0]!;
    };
    // The parrot DCN spikes at `post` (drive spike + 1 ms delay + dt).
    const wPrePost = run([50], [60]);
    const wPostPre = run([60], [50]);
    expect(wPrePost).toBeCloseTo(-0.25 + 0.01 * -0.5 * Math.exp(-10 / 30), 12);
    expect(wPostPre).toBeCloseTo(-0.25 - 0.01 * -0.5 * Math.exp(-10 / 30), 12);
  });
});
