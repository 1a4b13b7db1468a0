/**
 * The viewer server without a browser: protocol validation, frame accumulation (spikes counted
 * once, only from engines due at a sync point), the live server over a real bus (hello, frames,
 * pause stops the bus clock, step runs exactly the requested simulated time), and replay of a run
 * folder (every recorded spike and event delivered once, in order).
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Bus } from '../../../core/bus.js';
import { type Outputs, spikeBatch } from '../../../core/ports.js';
import { ValidationError } from '../../../core/errors.js';
import {
  FrameCollector, type FrameMsg, type HelloMsg, parseControl, resolveScene, serveReplay, type ServerMsg, startViewer, type StatusMsg, type ViewerHandle,
} from '../../../viewer/live/index.js';
import { EYEBLINK_LAYERS, HEAD_LINKS, StandInBrainEngine, StandInHeadEngine, standInTransceivers } from '../../../viewer/live/testing/eyeblink-standins.js';
import { eyeblinkRun } from '../run-fixtures.js';

/** A ws client that keeps every message. */
async function client(url: string): Promise<{ ws: WebSocket; msgs: ServerMsg[]; until(p: (m: ServerMsg[]) => boolean, ms?: number): Promise<void> }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}ws`);
  const msgs: ServerMsg[] = [];
  ws.on('message', (d) => msgs.push(JSON.parse(d.toString()) as ServerMsg));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const until = async (p: (m: ServerMsg[]) => boolean, ms = 20_000): Promise<void> => {
    const t0 = Date.now();
    while (!p(msgs)) {
      if (Date.now() - t0 > ms) throw new Error(`timeout; got ${msgs.length} messages`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { ws, msgs, until };
}
const frames = (m: ServerMsg[]): FrameMsg[] => m.filter((x): x is FrameMsg => x.type === 'frame');

describe('protocol and scene', () => {
  it('parses valid controls and names what is wrong with bad ones', () => {
    expect(parseControl({ type: 'step', ms: 10 })).toEqual({ type: 'step', ms: 10 });
    expect(parseControl({ type: 'speed', factor: null })).toEqual({ type: 'speed', factor: null });
    expect(parseControl({ type: 'step', ms: -1 })).toMatch(/step.ms/);
    expect(parseControl({ type: 'speed', factor: 0 })).toMatch(/speed.factor/);
    expect(parseControl('x')).toMatch(/JSON object/);
    expect(parseControl({ type: 'nope' })).toMatch(/unknown control message type 'nope'/);
  });

  it('infers bodies from an [n, 7] analog stream and rejects unknown keys with the field name', () => {
    const streams = [
      { key: 'b.poses', kind: 'analog' as const, shape: [2, 7] }, { key: 'n.spikes', kind: 'spikes' as const, size: 5 },
      { key: 'b.lid', kind: 'analog' as const, shape: [1] }, { key: 'b.ev', kind: 'events' as const },
    ];
    const s = resolveScene(streams);
    expect(s.bodies?.key).toBe('b.poses');
    expect(s.bodies?.links).toHaveLength(2);
    expect(s.populations).toEqual([{ key: 'n.spikes', size: 5, label: 'n.spikes' }]);
    expect(s.traces).toEqual(['b.lid']);
    expect(() => resolveScene(streams, { traces: ['b.nope'] })).toThrow(ValidationError);
    expect(() => resolveScene(streams, {}, [{ kind: 'flash', name: 'x', key: 'b.lid', position: [0, 0, 0] }])).toThrow(/layers\[0\]\.key/);
    expect(() => resolveScene(streams, { bodies: { key: 'b.poses', links: [] } })).toThrow(/scene.bodies.links/);
  });
});

describe('FrameCollector', () => {
  it('counts spikes and events only from engines due at a sync point (held outputs are not recounted)', () => {
    const c = new FrameCollector([{ key: 'a.s', kind: 'spikes', size: 4 }, { key: 'a.e', kind: 'events' }, { key: 'b.x', kind: 'analog', shape: [1] }]);
    const aOut = { s: spikeBatch([1, 3], [100, 100]), e: [{ type: 'puff' }] };
    const x = new Float64Array([0.5]);
    c.add({ tNs: 100, due: ['a', 'b'], outputs: new Map<string, Outputs>([['a', aOut], ['b', { x }]]) });
    c.add({ tNs: 200, due: ['b'], outputs: new Map<string, Outputs>([['a', aOut], ['b', { x }]]) }); // a held: not counted again
    x[0] = 0.75;
    const f = c.take();
    expect(f.spikes['a.s']).toEqual({ id: [1, 3], t: [100, 100] });
    expect(f.events['a.e']).toEqual([{ t: 100, e: { type: 'puff' } }]);
    expect(f.analog['b.x']).toEqual([0.75]);
    expect(f.tNs).toBe(200);
    expect(c.take().spikes['a.s']).toEqual({ id: [], t: [] });
  });
});

describe('live server over a real bus', () => {
  let bus: Bus | undefined;
  let v: ViewerHandle | undefined;
  let run: Promise<unknown> | undefined;
  afterEach(async () => {
    bus?.stop();
    await run?.catch(() => undefined);
    await v?.close();
    await bus?.dispose();
  });

  it('sends hello and frames; pause stops the bus clock; step runs exactly 10 ms; play resumes', async () => {
    bus = new Bus({ engines: [new StandInHeadEngine(), new StandInBrainEngine(200)], transceivers: standInTransceivers(), seed: 2 });
    v = await startViewer({ bus, layers: EYEBLINK_LAYERS, scene: { bodies: { key: 'head.poses', links: HEAD_LINKS } }, speed: null, maxFps: 100 });
    await bus.init();
    run = bus.runUntil(600e9);
    const c = await client(v.url);
    await c.until((m) => frames(m).length > 3);
    const hello = c.msgs[0] as HelloMsg;
    expect(hello.type).toBe('hello');
    expect(hello.scene.bodies?.links.map((l) => l.name)).toEqual(['head', 'upperLid', 'lowerLid']);
    expect(hello.scene.populations).toEqual([{ key: 'brain.spikes', size: 200, label: 'brain.spikes' }]);
    expect(hello.layers.map((l) => l.name)).toEqual(['airPuff', 'tone', 'eyelid']);
    const f = frames(c.msgs)[2] as FrameMsg;
    expect(f.analog['head.poses']).toHaveLength(21);
    for (let i = 1; i < frames(c.msgs).length; i++) expect((frames(c.msgs)[i] as FrameMsg).tNs).toBeGreaterThan((frames(c.msgs)[i - 1] as FrameMsg).tNs);

    c.ws.send(JSON.stringify({ type: 'pause' }));
    await c.until((m) => m.some((x) => x.type === 'status' && x.paused));
    await new Promise((r) => setTimeout(r, 200));
    const t0 = bus.now;
    await new Promise((r) => setTimeout(r, 300));
    expect(bus.now).toBe(t0);
    expect(frames(c.msgs).at(-1)?.tNs).toBe(t0);

    c.ws.send(JSON.stringify({ type: 'step', ms: 10 }));
    await c.until((m) => (frames(m).at(-1)?.tNs ?? 0) >= t0 + 10e6);
    await new Promise((r) => setTimeout(r, 100));
    expect(bus.now).toBe(t0 + 10e6);

    c.ws.send(JSON.stringify({ type: 'resume' }));
    await c.until((m) => (frames(m).at(-1)?.tNs ?? 0) > t0 + 100e6);
    const spikesSeen = frames(c.msgs).reduce((a, fr) => a + (fr.spikes['brain.spikes']?.id.length ?? 0), 0);
    expect(spikesSeen).toBeGreaterThan(0);

    c.ws.send('not json');
    await c.until((m) => m.some((x) => x.type === 'error'));
    c.ws.close();
  });

  it('binds to 127.0.0.1 and rejects a bad port with a ValidationError', async () => {
    bus = new Bus({ engines: [new StandInHeadEngine()], seed: 1 });
    await expect(startViewer({ bus, port: 70000 })).rejects.toThrow(ValidationError);
    v = await startViewer({ bus });
    expect(v.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await (await fetch(v.url)).text();
    expect(html).toContain('<canvas id="scene">');
    const js = await (await fetch(`${v.url}viewer.js`)).text();
    expect(js.length).toBeGreaterThan(100_000);
    expect((await fetch(`${v.url}nope`)).status).toBe(404);
  });
});

describe('replay of a run folder', () => {
  it('delivers every recorded spike and event once, in time order, and the last analog sample', async () => {
    const truth = eyeblinkRun(3, 4);
    const v = await serveReplay(truth.dir, { speed: null, tickMs: 5 });
    try {
      const c = await client(v.url);
      await c.until((m) => m.some((x) => x.type === 'status' && (x as StatusMsg).state === 'completed'));
      const fs = frames(c.msgs);
      const ids = fs.flatMap((f) => f.spikes['brain.pc']?.id ?? []);
      const ts = fs.flatMap((f) => f.spikes['brain.pc']?.t ?? []);
      expect(ids).toEqual(truth.spikes['brain.pc']?.id);
      expect(ts).toEqual(truth.spikes['brain.pc']?.t);
      expect(fs.flatMap((f) => (f.events['env.stimuli'] ?? []).map((e) => e.e.type))).toEqual(truth.events['env.stimuli']?.e.map((e) => e.type));
      expect(fs.at(-1)?.analog['body.eyelid']).toEqual([truth.analog['body.eyelid']?.v.at(-1)]);
      expect((c.msgs[0] as HelloMsg).source).toBe('replay');
      c.ws.close();
    } finally {
      await v.close();
    }
  });
});
