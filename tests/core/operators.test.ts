import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { binSpikes } from '../../core/operators/bin-spikes.js';
import { sampleEvery } from '../../core/operators/sample-every.js';
import { spikeBatch, NO_SPIKES } from '../../core/ports.js';

const ms = 1e6;

describe('binSpikes (marble tests over simulated time)', () => {
  it('closes 20 ms bins by simulated time, not by arrival time', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ cold, expectObservable }) => {
      // Sync points every 10 ms of simulated time, arriving at arbitrary virtual frames.
      const src = cold('a-b---c-d|', {
        a: { tNs: 0, spikes: NO_SPIKES },
        b: { tNs: 10 * ms, spikes: spikeBatch([0, 1, 1], [3 * ms, 5 * ms, 9 * ms]) },
        c: { tNs: 20 * ms, spikes: spikeBatch([1], [15 * ms]) },
        d: { tNs: 40 * ms, spikes: spikeBatch([0], [30 * ms]) },
      });
      const out = src.pipe(binSpikes(20 * ms, 2));
      expectObservable(out).toBe('------x-y|', {
        x: { startNs: 0, endNs: 20 * ms, counts: Int32Array.of(1, 3), rateHz: 4 / 2 / 0.02 },
        y: { startNs: 20 * ms, endNs: 40 * ms, counts: Int32Array.of(1, 0), rateHz: 1 / 2 / 0.02 },
      });
    });
  });

  it('emits empty bins as zero rate', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ cold, expectObservable }) => {
      const src = cold('a--b------|', { a: { tNs: 0, spikes: NO_SPIKES }, b: { tNs: 30 * ms, spikes: NO_SPIKES } });
      expectObservable(src.pipe(binSpikes(10 * ms, 1))).toBe('---(xyz)--|', {
        x: { startNs: 0, endNs: 10 * ms, counts: Int32Array.of(0), rateHz: 0 },
        y: { startNs: 10 * ms, endNs: 20 * ms, counts: Int32Array.of(0), rateHz: 0 },
        z: { startNs: 20 * ms, endNs: 30 * ms, counts: Int32Array.of(0), rateHz: 0 },
      });
    });
  });
});

describe('sampleEvery', () => {
  it('keeps one item per period of simulated time', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ cold, expectObservable }) => {
      const src = cold('abcdef|', { a: { tNs: 0 }, b: { tNs: 4 }, c: { tNs: 10 }, d: { tNs: 12 }, e: { tNs: 25 }, f: { tNs: 29 } });
      expectObservable(src.pipe(sampleEvery(10))).toBe('a-c-e-|', { a: { tNs: 0 }, c: { tNs: 10 }, e: { tNs: 25 } });
    });
  });
});
