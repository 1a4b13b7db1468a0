import { describe, expect, it } from 'vitest';
import { spikeBatch } from '../../core/ports.js';
import {
  clipInto, createDelayLine, createSpikeDelay, degToRad, delayPush, hzToExpectedCount, countToHz, radToDeg, rpmToRadPerS, radPerSToRpm,
  reportClip, spikeDelayPush, wrapAngle,
} from '../../transceivers/index.js';
import { fakeContext } from './fake-context.js';

const MS = 1_000_000;

describe('delay line', () => {
  it('outputs the value pushed delay/period calls ago, initial value before', () => {
    const st = createDelayLine({ size: 2, delayNs: 3 * MS, periodNs: MS, initial: -1 });
    const outs: number[][] = [];
    for (let k = 0; k < 6; k++) outs.push(Array.from(delayPush(st, [k, 10 * k])));
    expect(outs).toEqual([[-1, -1], [-1, -1], [-1, -1], [0, 0], [1, 10], [2, 20]]);
    const zero = createDelayLine({ size: 1, delayNs: 0, periodNs: MS });
    expect(Array.from(delayPush(zero, [5]))).toEqual([5]);
    expect(() => createDelayLine({ size: 1, delayNs: 2.5 * MS, periodNs: MS })).toThrow(/delayNs/);
  });

  it('delays spikes and shifts their times by the delay', () => {
    const st = createSpikeDelay(2 * MS, MS);
    expect(spikeDelayPush(st, spikeBatch([1, 2], [0.2 * MS, 0.7 * MS])).count).toBe(0);
    expect(spikeDelayPush(st, spikeBatch([3], [1.5 * MS])).count).toBe(0);
    const out = spikeDelayPush(st, spikeBatch([], []));
    expect(Array.from(out.ids)).toEqual([1, 2]);
    expect(Array.from(out.timesNs)).toEqual([2.2 * MS, 2.7 * MS]);
    expect(Array.from(spikeDelayPush(st, spikeBatch([], [])).timesNs)).toEqual([3.5 * MS]);
  });
});

describe('clip', () => {
  it('clips, counts and reports the first offender', () => {
    const out = new Float64Array(4);
    const rep = clipInto([0.5, 2, -3, 1], -1, 1, out);
    expect(Array.from(out)).toEqual([0.5, 1, -1, 1]);
    expect(rep).toEqual({ count: 2, firstIndex: 1, firstValue: 2 });
    const ctx = fakeContext(7);
    reportClip(ctx, 'torque', rep, -1, 1);
    expect(ctx.reports[0]).toEqual({ kind: 'clip', detail: { what: 'torque', tNs: 7, count: 2, firstIndex: 1, firstValue: 2, lo: -1, hi: 1 } });
    reportClip(ctx, 'torque', clipInto([0], -1, 1, new Float64Array(1)), -1, 1);
    expect(ctx.reports).toHaveLength(1);
  });
});

describe('units', () => {
  it('round-trips and known values', () => {
    expect(degToRad(180)).toBeCloseTo(Math.PI, 14);
    expect(radToDeg(degToRad(37))).toBeCloseTo(37, 12);
    expect(rpmToRadPerS(60)).toBeCloseTo(2 * Math.PI, 14);
    expect(radPerSToRpm(rpmToRadPerS(123))).toBeCloseTo(123, 12);
    expect(hzToExpectedCount(50, 200 * MS)).toBeCloseTo(10, 12);
    expect(countToHz(10, 200 * MS)).toBeCloseTo(50, 12);
    expect(wrapAngle(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 12);
    expect(wrapAngle(-7)).toBeCloseTo(-7 + 2 * Math.PI, 12);
  });
});
