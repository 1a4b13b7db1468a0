/**
 * Foxglove WebSocket server for live inspection of a run in Foxglove: `@foxglove/ws-protocol`'s
 * FoxgloveServer (we do not hand-write its framing) on a `ws` server, channels with JSON encoding
 * and the JSON Schemas of `@foxglove/schemas`: body transforms (foxglove.FrameTransforms), joint
 * states (foxglove.JointStates), camera images (foxglove.RawImage) and spike rasters (our
 * neuroloop.SpikeBatch schema: no standard one exists), published from bus.sync$ at a chosen
 * simulated rate with the simulated time as the message timestamp. The server takes no client
 * publishes, services or parameters (read-only). Loopback by default; a token (`?token=`) for any
 * other bind; frame-size limit.
 */
import { timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import foxgloveWs from '@foxglove/ws-protocol';
import type { Subscription } from 'rxjs';
import { WebSocketServer } from 'ws';
import type { Bus } from '../core/bus.js';
import { ValidationError } from '../core/errors.js';
import { isSpikeBatch } from '../core/ports.js';
import { type TimeNs, assertPositiveNs } from '../core/time.js';
import { isLoopback } from './serve-engine.js';

const { FoxgloveServer } = foxgloveWs;
// @foxglove/schemas ships its JSON Schemas as CJS without types resolvable under NodeNext.
const { FrameTransforms, JointStates, RawImage } = createRequire(import.meta.url)('@foxglove/schemas/jsonschema') as Record<string, unknown>;

/** JSON Schema of our spike raster message (Foxglove has no spike type). */
export const SPIKE_BATCH_SCHEMA = {
  title: 'neuroloop.SpikeBatch',
  description: 'Spikes of one population during one publishing period: neuron ids and absolute times (ns).',
  type: 'object',
  properties: {
    timestamp: { type: 'object', properties: { sec: { type: 'integer', minimum: 0 }, nsec: { type: 'integer', minimum: 0 } }, required: ['sec', 'nsec'] },
    population: { type: 'string' },
    ids: { type: 'array', items: { type: 'integer', minimum: 0 } },
    times_ns: { type: 'array', items: { type: 'number' } },
  },
  required: ['timestamp', 'population', 'ids', 'times_ns'],
} as const;

/** What to publish. Ports are `engine.port`. */
export interface FoxgloveBridgeOptions {
  /** Publishing period in simulated ns (default 20 ms). */
  readonly everyNs?: TimeNs;
  /** Analog port of 7 numbers per frame (x, y, z, qx, qy, qz, qw), one parent→child per frame. */
  readonly transforms?: readonly { readonly topic: string; readonly port: string; readonly frames: readonly { readonly parent: string; readonly child: string }[] }[];
  readonly jointStates?: readonly { readonly topic: string; readonly port: string; readonly names: readonly string[]; readonly velocityPort?: string }[];
  /**
   * Analog port of shape [h, w] (mono8) or [h, w, 3] (rgb8) with values in [0, 1]; for display,
   * values outside [0, 1] show as black/white (the recorded port value is untouched).
   */
  readonly images?: readonly { readonly topic: string; readonly port: string; readonly frameId?: string }[];
  readonly spikes?: readonly { readonly topic: string; readonly port: string }[];
}

/** Options of FoxgloveBridge.start. */
export interface FoxgloveServerOptions {
  readonly host?: string;
  readonly port?: number;
  readonly token?: string;
  readonly maxFrameBytes?: number;
  readonly name?: string;
}

type Channel = { id: number; kind: 'tf' | 'joints' | 'image' | 'spikes'; conf: Record<string, unknown> };

/** A running Foxglove WebSocket server fed from a bus (see file comment). */
export class FoxgloveBridge {
  readonly url: string;
  /** Messages sent per topic. */
  readonly sent = new Map<string, number>();
  private readonly server: InstanceType<typeof FoxgloveServer>;
  private readonly wss: WebSocketServer;
  private subscription: Subscription | undefined;
  private readonly subscribed = new Set<number>();

  private constructor(server: InstanceType<typeof FoxgloveServer>, wss: WebSocketServer, url: string) {
    this.server = server;
    this.wss = wss;
    this.url = url;
    server.on('subscribe', (id) => this.subscribed.add(id));
    server.on('unsubscribe', (id) => this.subscribed.delete(id));
    server.on('error', () => undefined);
  }

  /** Starts the server (no channels yet; see attach). */
  static async start(opts: FoxgloveServerOptions = {}): Promise<FoxgloveBridge> {
    const host = opts.host ?? '127.0.0.1';
    if (!isLoopback(host) && (opts.token === undefined || opts.token.length < 16)) {
      throw new ValidationError('foxglove.token', opts.token === undefined ? undefined : `${opts.token.length} chars`, 'a token of ≥ 16 characters for a non-loopback bind', 'bind 127.0.0.1, or pass a random token; add ?token=... to the URL in Foxglove');
    }
    const server = new FoxgloveServer({ name: opts.name ?? 'neuroloop', capabilities: [], supportedEncodings: ['json'] });
    const wss = new WebSocketServer({
      host,
      port: opts.port ?? 0,
      maxPayload: opts.maxFrameBytes ?? 1024 * 1024,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(FoxgloveServer.SUPPORTED_SUBPROTOCOL) ? FoxgloveServer.SUPPORTED_SUBPROTOCOL : false),
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    wss.on('connection', (ws, req) => {
      if (opts.token !== undefined) {
        const given = Buffer.from(new URL(req.url ?? '/', 'ws://x').searchParams.get('token') ?? '', 'utf8');
        const want = Buffer.from(opts.token, 'utf8');
        if (given.length !== want.length || !timingSafeEqual(given, want)) {
          ws.close(1008, 'auth');
          return;
        }
      }
      server.handleConnection(ws, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`);
    });
    const addr = wss.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    return new FoxgloveBridge(server, wss, `ws://${host}:${port}`);
  }

  /** Advertises the channels and publishes from bus.sync$ every `everyNs` of simulated time. */
  attach(bus: Bus, opts: FoxgloveBridgeOptions): void {
    const every = opts.everyNs ?? 20_000_000;
    assertPositiveNs('foxglove.everyNs', every);
    const chans: Channel[] = [];
    const add = (topic: string, schemaName: string, schema: unknown, kind: Channel['kind'], conf: Record<string, unknown>): void => {
      const id = this.server.addChannel({ topic, encoding: 'json', schemaName, schema: JSON.stringify(schema), schemaEncoding: 'jsonschema' });
      chans.push({ id, kind, conf: { ...conf, topic } });
    };
    for (const t of opts.transforms ?? []) add(t.topic, 'foxglove.FrameTransforms', FrameTransforms, 'tf', t);
    for (const j of opts.jointStates ?? []) add(j.topic, 'foxglove.JointStates', JointStates, 'joints', j);
    for (const i of opts.images ?? []) add(i.topic, 'foxglove.RawImage', RawImage, 'image', i);
    for (const s of opts.spikes ?? []) add(s.topic, 'neuroloop.SpikeBatch', SPIKE_BATCH_SCHEMA, 'spikes', s);
    const spikeAcc = new Map<number, { ids: number[]; times: number[] }>();
    let next = 0;
    const enc = new TextEncoder();
    this.subscription = bus.sync$.subscribe((ev) => {
      const get = (key: string): unknown => {
        const i = key.indexOf('.');
        return ev.outputs.get(key.slice(0, i))?.[key.slice(i + 1)];
      };
      for (const c of chans) {
        if (c.kind !== 'spikes') continue;
        const key = c.conf.port as string;
        if (!ev.due.includes(key.slice(0, key.indexOf('.')))) continue;
        const v = get(key);
        if (!isSpikeBatch(v)) continue;
        const a = spikeAcc.get(c.id) ?? { ids: [], times: [] };
        for (let k = 0; k < v.count; k++) {
          a.ids.push(v.ids[k] as number);
          a.times.push(v.timesNs[k] as number);
        }
        spikeAcc.set(c.id, a);
      }
      if (ev.tNs < next) return;
      next = ev.tNs + every;
      const stamp = { sec: Math.floor(ev.tNs / 1e9), nsec: ev.tNs % 1e9 };
      for (const c of chans) {
        let msg: unknown;
        if (c.kind === 'spikes') {
          const a = spikeAcc.get(c.id) ?? { ids: [], times: [] };
          spikeAcc.set(c.id, { ids: [], times: [] });
          const key = c.conf.port as string;
          msg = { timestamp: stamp, population: key.slice(0, key.indexOf('.')), ids: a.ids, times_ns: a.times };
        } else {
          const v = get(c.conf.port as string);
          if (!(v instanceof Float64Array)) continue;
          msg = c.kind === 'tf' ? tfMsg(stamp, v, c.conf.frames as { parent: string; child: string }[])
            : c.kind === 'joints' ? jointsMsg(stamp, v, c.conf.names as string[], c.conf.velocityPort ? get(c.conf.velocityPort as string) : undefined)
            : imageMsg(stamp, v, bus.engines, c.conf.port as string, (c.conf.frameId as string | undefined) ?? 'camera');
        }
        if (msg === undefined || !this.subscribed.has(c.id)) continue;
        this.server.sendMessage(c.id, BigInt(ev.tNs), enc.encode(JSON.stringify(msg)));
        const topic = c.conf.topic as string;
        this.sent.set(topic, (this.sent.get(topic) ?? 0) + 1);
      }
    });
  }

  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

type Stamp = { sec: number; nsec: number };

function tfMsg(stamp: Stamp, v: Float64Array, frames: readonly { parent: string; child: string }[]): unknown {
  if (v.length !== 7 * frames.length) return undefined;
  return {
    transforms: frames.map((f, k) => ({
      timestamp: stamp, parent_frame_id: f.parent, child_frame_id: f.child,
      translation: { x: v[7 * k], y: v[7 * k + 1], z: v[7 * k + 2] },
      rotation: { x: v[7 * k + 3], y: v[7 * k + 4], z: v[7 * k + 5], w: v[7 * k + 6] },
    })),
  };
}

function jointsMsg(stamp: Stamp, pos: Float64Array, names: readonly string[], vel: unknown): unknown {
  return {
    timestamp: stamp,
    joints: names.map((name, i) => ({ name, position: pos[i] ?? 0, ...(vel instanceof Float64Array ? { velocity: vel[i] ?? 0 } : {}) })),
  };
}

function imageMsg(stamp: Stamp, v: Float64Array, engines: readonly { name: string; ports: { outputs: Record<string, { kind: string; shape?: readonly number[] }> } }[], key: string, frameId: string): unknown {
  const dot = key.indexOf('.');
  const decl = engines.find((e) => e.name === key.slice(0, dot))?.ports.outputs[key.slice(dot + 1)];
  const shape = decl?.shape ?? [];
  const [h, w, c = 1] = shape as number[];
  if (h === undefined || w === undefined || (c !== 1 && c !== 3)) return undefined;
  const bytes = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, v[i] as number)) * 255);
  return { timestamp: stamp, frame_id: frameId, width: w, height: h, encoding: c === 3 ? 'rgb8' : 'mono8', step: w * c, data: Buffer.from(bytes).toString('base64') };
}
