/**
 * BusSource pause flush: a user pause that arrives while the realtime throttle already holds the
 * bus (no further sync point comes) must still send the page the frame of where the bus stands,
 * even when the frame-rate limit had held back the frames of the last sync points.
 */
import { describe, expect, it } from 'vitest';
import { Bus } from '../../../core/bus.js';
import { BusSource, type FrameMsg } from '../../../viewer/live/index.js';
import { StandInBrainEngine, StandInHeadEngine, standInTransceivers } from '../../../viewer/live/testing/eyeblink-standins.js';

describe('BusSource pause', () => {
  it('a pause while the throttle holds the bus sends the frame at bus.now', async () => {
    const bus = new Bus({ engines: [new StandInHeadEngine(), new StandInBrainEngine(50)], transceivers: standInTransceivers(), seed: 3 });
    // One frame per wall second at most: after the first, the held sync points send nothing.
    const src = new BusSource(bus, { speed: 1, maxFps: 1 });
    const got: FrameMsg[] = [];
    src.subscribe((f) => got.push(f), () => undefined);
    await bus.init();
    const run = bus.runUntil(600e9);
    try {
      // Wait until the throttle holds the bus some way into the run.
      while (!(bus.now > 30e6 && bus.state === 'paused')) await new Promise((r) => setTimeout(r, 1));
      src.control({ type: 'pause' });
      while (bus.state !== 'paused') await new Promise((r) => setTimeout(r, 1));
      const last = got[got.length - 1];
      expect(last?.tNs).toBe(bus.now);
    } finally {
      bus.stop();
      src.dispose();
      bus.resume();
      await run.catch(() => undefined);
      await bus.dispose();
    }
  });
});
