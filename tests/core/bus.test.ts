import { describe, expect, it } from 'vitest';
import { Bus, type SyncEvent } from '../../core/bus.js';
import type { Engine, EngineContext } from '../../core/engine.js';
import { EngineError, ValidationError } from '../../core/errors.js';
import type { Inputs, Outputs, PortSpec } from '../../core/ports.js';
import { MockEngine } from '../../core/testing/mock-engine.js';
import { msToNs, usToNs } from '../../core/time.js';
import { defineTransceiver } from '../../core/transceiver.js';
import { checkInputs, checkStep } from '../../core/check-inputs.js';

/** Outputs the step counter k (value at time t = number of completed steps); records what it received. */
class CounterEngine implements Engine {
  readonly ports: PortSpec = {
    inputs: { in: { kind: 'analog', shape: [1] } },
    outputs: { out: { kind: 'analog', shape: [1] }, echo: { kind: 'analog', shape: [1] } },
  };
  readonly received: { at: number; value: number | undefined }[] = [];
  private now = 0;
  private lastIn = Number.NaN;
  constructor(readonly name: string, readonly dt: number, private readonly async = false) {}
  init(_ctx: EngineContext): Outputs {
    return this.out();
  }
  advance(to: number, inputs: Inputs): Outputs | Promise<Outputs> {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const v = (inputs.in as Float64Array | undefined)?.[0];
    this.received.push({ at: this.now, value: v });
    this.lastIn = v ?? Number.NaN;
    this.now = to;
    const o = this.out();
    return this.async ? new Promise((r) => setTimeout(() => r(o), 0)) : o;
  }
  reset(): Outputs {
    this.now = 0;
    this.received.length = 0;
    this.lastIn = Number.NaN;
    return this.out();
  }
  dispose(): void {}
  private out(): Outputs {
    return { out: Float64Array.of(this.now), echo: Float64Array.of(Number.isNaN(this.lastIn) ? -1 : this.lastIn) };
  }
}

const copy = (name: string, from: string, to: string) =>
  defineTransceiver({ name, reads: [from], writes: [to], fn: (i) => ({ [to]: Float64Array.from(i[from] as Float64Array) }) });

describe('Bus scheduling', () => {
  it('advances engines at 0.1 ms, 1 ms and 10 ms exactly at their multiples', async () => {
    const a = new MockEngine({ name: 'fast', dtNs: usToNs(100) });
    const b = new MockEngine({ name: 'mid', dtNs: msToNs(1) });
    const c = new MockEngine({ name: 'slow', dtNs: msToNs(10) });
    const bus = new Bus({ engines: [a, b, c] });
    const dueAt: Record<string, number[]> = { fast: [], mid: [], slow: [] };
    bus.sync$.subscribe((s) => s.due.forEach((d) => dueAt[d]?.push(s.tNs)));
    await bus.init();
    await bus.runUntil(msToNs(30));
    expect(a.advancedTo).toEqual(Array.from({ length: 300 }, (_, k) => (k + 1) * 100_000));
    expect(b.advancedTo).toEqual(Array.from({ length: 30 }, (_, k) => (k + 1) * 1_000_000));
    expect(c.advancedTo).toEqual([10, 20, 30].map((x) => x * 1_000_000));
    expect(dueAt.slow).toEqual([0, 10, 20, 30].map((x) => x * 1_000_000));
    expect(dueAt.fast?.length).toBe(301);
    expect(bus.timing().syncs).toBe(300);
    await bus.dispose();
  });

  it('an echo loop shows exactly one step of latency per hop', async () => {
    const a = new CounterEngine('a', msToNs(1));
    const b = new CounterEngine('b', msToNs(1));
    const bus = new Bus({ engines: [a, b], transceivers: [copy('a_to_b', 'a.out', 'b.in'), copy('b_to_a', 'b.echo', 'a.in')] });
    await bus.init();
    await bus.runUntil(msToNs(10));
    // b receives a's output at t (its time in ms) during [t, t+1): value k at step k.
    expect(b.received.map((r) => (r.value as number) / 1e6)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Hop a→b: a.out(t) appears in b.echo at t+1 (one step). a reads b.echo at t+1, so the value a
    // receives at step k is its own output of step k-1 (the initial echo is -1).
    expect(a.received.map((r) => ((r.value as number) < 0 ? -1 : (r.value as number) / 1e6))).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(bus.latencies()).toEqual([
      { via: 'a_to_b', from: 'a.out', to: 'b.in', minLatencyNs: 1e6, maxLatencyNs: 1e6 },
      { via: 'b_to_a', from: 'b.echo', to: 'a.in', minLatencyNs: 1e6, maxLatencyNs: 1e6 },
    ]);
    await bus.dispose();
  });

  it('holds a slow engine output (zero-order hold) and reports the extra staleness', async () => {
    const slow = new CounterEngine('slow', msToNs(10));
    const fast = new CounterEngine('fast', msToNs(1));
    const bus = new Bus({ engines: [slow, fast], transceivers: [copy('s2f', 'slow.out', 'fast.in')] });
    await bus.init();
    await bus.runUntil(msToNs(25));
    expect(fast.received.map((r) => r.value)).toEqual([
      ...Array(10).fill(0), ...Array(10).fill(10e6), ...Array(5).fill(20e6),
    ]);
    expect(bus.latencies()[0]).toMatchObject({ minLatencyNs: 1e6, maxLatencyNs: 1e6 + 10e6 - 1e6 });
    await bus.dispose();
  });

  it('gives identical results with asynchronous engines (Jacobi coupling, order-independent)', async () => {
    const run = async (async: boolean, reverse: boolean) => {
      const a = new CounterEngine('a', msToNs(1), async);
      const b = new CounterEngine('b', msToNs(2), async);
      const engines = reverse ? [b, a] : [a, b];
      const bus = new Bus({ engines, transceivers: [copy('ab', 'a.out', 'b.in'), copy('ba', 'b.echo', 'a.in')] });
      await bus.init();
      await bus.runUntil(msToNs(20));
      await bus.dispose();
      return [a.received, b.received];
    };
    const ref = await run(false, false);
    expect(await run(true, false)).toEqual(ref);
    expect(await run(false, true)).toEqual(ref);
  });

  it('continues seamlessly across runUntil calls and resets to t=0', async () => {
    const a = new MockEngine({ name: 'm', dtNs: msToNs(1) });
    const bus = new Bus({ engines: [a], seed: 7 });
    const xs: number[] = [];
    bus.sync$.subscribe((s: SyncEvent) => xs.push((s.outputs.get('m')?.noise as Float64Array)[0] as number));
    await bus.init();
    await bus.runUntil(msToNs(3));
    await bus.runUntil(msToNs(6));
    expect(a.advancedTo.length).toBe(6);
    expect(xs.length).toBe(7);
    await bus.reset({}, 7);
    expect(bus.now).toBe(0);
    await bus.runUntil(msToNs(6));
    expect(xs.length).toBe(14);
    await bus.dispose();
  });

  it('pause holds simulated time until resume; stop ends the run', async () => {
    const a = new CounterEngine('a', msToNs(1), true);
    const bus = new Bus({ engines: [a] });
    await bus.init();
    bus.pause();
    const run = bus.runUntil(msToNs(1000));
    await new Promise((r) => setTimeout(r, 30));
    expect(bus.state).toBe('paused');
    const t = bus.now;
    await new Promise((r) => setTimeout(r, 30));
    expect(bus.now).toBe(t);
    bus.resume();
    await new Promise((r) => setTimeout(r, 10));
    bus.stop();
    expect(await run).toBe('stopped');
    expect(bus.now).toBeGreaterThan(t);
    await bus.dispose();
  });
});

describe('Bus build-time checks', () => {
  const m = () => new MockEngine({ name: 'm', dtNs: msToNs(1) });
  it('names an unknown engine in a transceiver', () => {
    expect(() => new Bus({ engines: [m()], transceivers: [copy('t', 'nope.x', 'm.drive')] })).toThrow(/nope\.x/);
  });
  it('names an unknown output port', () => {
    expect(() => new Bus({ engines: [m()], transceivers: [copy('t', 'm.nope', 'm.drive')] })).toThrow(/m\.nope/);
  });
  it('names an unknown input port', () => {
    expect(() => new Bus({ engines: [m()], transceivers: [copy('t', 'm.x', 'm.nope')] })).toThrow(/m\.nope/);
  });
  it('rejects a mistyped port', () => {
    const tc = defineTransceiver({ name: 't', reads: { 'm.x': 'spikes' }, writes: ['m.drive'], fn: () => ({}) });
    expect(() => new Bus({ engines: [m()], transceivers: [tc] })).toThrow(ValidationError);
  });
  it('rejects duplicate engine names and bad dt', () => {
    expect(() => new Bus({ engines: [m(), m()] })).toThrow(/unique/);
    expect(() => new MockEngine({ name: 'x', dtNs: 0.5 })).toThrow(ValidationError);
  });
  it('enforces the spiking↔rate exchange period ≤ minimum delay', () => {
    const spk = Object.assign(new MockEngine({ name: 'spk', dtNs: msToNs(0.1) }), { coupling: { kind: 'spiking' as const } });
    const rate = Object.assign(new MockEngine({ name: 'rate', dtNs: msToNs(5) }), { coupling: { kind: 'rate' as const, minDelayNs: msToNs(4) } });
    expect(() => new Bus({ engines: [spk, rate], transceivers: [copy('t', 'spk.x', 'rate.drive')] })).toThrow(/exchange period/);
    const rate2 = Object.assign(new MockEngine({ name: 'rate', dtNs: msToNs(1) }), { coupling: { kind: 'rate' as const, minDelayNs: msToNs(4) } });
    expect(() => new Bus({ engines: [spk, rate2], transceivers: [copy('t', 'spk.x', 'rate.drive')] })).not.toThrow();
  });
  it('rejects a transceiver output with the wrong shape, naming the port', async () => {
    const tc = defineTransceiver({ name: 'bad', reads: ['m.x'], writes: ['m.drive'], fn: () => ({ 'm.drive': new Float64Array(5) }) });
    const bus = new Bus({ engines: [m()], transceivers: [tc] });
    await bus.init();
    await expect(bus.runUntil(msToNs(2))).rejects.toThrow(/m\.drive/);
  });
  it('wraps an engine failure with engine name and time', async () => {
    const e = new CounterEngine('boom', msToNs(1));
    e.advance = () => {
      throw new Error('kaput');
    };
    const bus = new Bus({ engines: [e] });
    await bus.init();
    const err = await bus.runUntil(msToNs(2)).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(EngineError);
    expect(String(err)).toMatch(/boom.*kaput/);
    expect(bus.state).toBe('failed');
  });
});

describe('Bus realtime pacing', () => {
  it('paces a 1 kHz loop at factor 1: never ahead of real time, every sync made, real-time factor reported', async () => {
    const a = new MockEngine({ name: 'a', dtNs: msToNs(1) });
    const b = new MockEngine({ name: 'b', dtNs: msToNs(1) });
    const bus = new Bus({
      engines: [a, b],
      transceivers: [copy('ab', 'a.x', 'b.drive')],
      pacing: { mode: 'realtime', factor: 1, overrun: 'warn', toleranceMs: 5 },
    });
    await bus.init();
    const w0 = performance.now();
    await bus.runUntil(msToNs(300));
    const wall = performance.now() - w0;
    // Never faster than real time. How much slower depends on the machine's load: that budget is
    // measured by `npm run bench -- bus` (realtime1kHz), not asserted here (a timed assertion
    // failed this test in CI on a slow phase of the shared machine: 1,025 ms for 300 ms).
    expect(wall).toBeGreaterThanOrEqual(299);
    const tm = bus.timing();
    expect(tm.syncs).toBe(300);
    // The reported real-time factor is the same measurement: at most 1, and matching ours.
    expect(tm.realTimeFactor).toBeLessThanOrEqual(1.001);
    expect(tm.realTimeFactor).toBeGreaterThan((0.9 * 300) / wall);
    await bus.dispose();
  });
});

describe('Bus spike accumulation', () => {
  it('a slow reader of a fast spiking engine receives every spike since its last run', async () => {
    const fast = new MockEngine({ name: 'fast', dtNs: usToNs(100), channels: 1, tauMs: 0.01 });
    const slow = new MockEngine({ name: 'slow', dtNs: msToNs(1) });
    // Drive `fast` with a square wave so it crosses threshold every other step (5 crossings per ms).
    let k = 0;
    const drive = defineTransceiver({ name: 'drive', reads: [], writes: ['fast.drive'], fn: () => ({ 'fast.drive': Float64Array.of(k++ % 2 === 0 ? 1 : 0) }) });
    const seen: number[] = [];
    const count = defineTransceiver({
      name: 'count', reads: { 'fast.spikes': 'spikes' }, writes: ['slow.drive'],
      fn: (i) => {
        const b = i['fast.spikes'] as { count: number; timesNs: Float64Array };
        seen.push(b.count);
        return { 'slow.drive': Float64Array.of(b.count) };
      },
    });
    const bus = new Bus({ engines: [fast, slow], transceivers: [drive, count] });
    let total = 0;
    bus.sync$.subscribe((s) => {
      // The reader last runs at the 9 ms sync (the run ends at 10 ms before transceiving).
      if (s.due.includes('fast') && s.tNs <= msToNs(9)) total += (s.outputs.get('fast')?.spikes as { count: number }).count;
    });
    await bus.init();
    await bus.runUntil(msToNs(10));
    expect(total).toBeGreaterThan(25);
    // Every spike emitted before the last slow sync reached the reader exactly once.
    expect(seen.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Math.max(...seen)).toBeGreaterThan(1);
    await bus.dispose();
  });
});
