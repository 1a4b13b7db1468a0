/**
 * A rosbridge v2 server (JSON over websocket, ops per RobotWebTools/rosbridge_suite
 * ROSBRIDGE_PROTOCOL.md) so roslib web UIs and ROS tooling connect to a neuroloop run unchanged:
 * they subscribe to topics the run publishes (joint states, spikes), publish to topics the run reads
 * (motor commands), and call services the run offers (reset). Implemented ops: advertise,
 * unadvertise, publish, subscribe (with throttle_rate), unsubscribe, call_service,
 * service_response; anything else gets a `status` error naming the op. Security as the engine host:
 * loopback by default, a token (URL query `?token=`) for any other bind, frame-size and rate limits,
 * JSON.parse only.
 */
import { timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { ValidationError } from '../core/errors.js';
import { isLoopback } from './serve-engine.js';

/** A ROS message as JSON. */
export type RosMessage = Readonly<Record<string, unknown>>;

/** Service handler: gets the request args, returns the response values (throw to fail the call). */
export type RosServiceHandler = (args: RosMessage) => RosMessage | Promise<RosMessage>;

/** Options of RosbridgeServer.start. */
export interface RosbridgeServerOptions {
  readonly host?: string;
  readonly port?: number;
  readonly token?: string;
  readonly maxFrameBytes?: number;
  readonly maxMessagesPerSecond?: number;
  readonly burstMessages?: number;
}

interface Subscription {
  readonly ws: WebSocket;
  readonly id: string | undefined;
  readonly throttleMs: number;
  lastSentMs: number;
}

/** Running rosbridge server (see file comment). */
export class RosbridgeServer {
  readonly url: string;
  /** Protocol errors answered with a status message, by op. */
  readonly errors: { op: string; msg: string }[] = [];
  private readonly wss: WebSocketServer;
  private readonly subs = new Map<string, Subscription[]>();
  private readonly topicTypes = new Map<string, string>();
  private readonly latestByTopic = new Map<string, RosMessage>();
  private readonly publishHandlers = new Map<string, ((msg: RosMessage) => void)[]>();
  private readonly services = new Map<string, { type: string; handler: RosServiceHandler }>();

  private constructor(wss: WebSocketServer, url: string, private readonly opts: RosbridgeServerOptions) {
    this.wss = wss;
    this.url = url;
  }

  /** Starts listening; resolves when ready. */
  static async start(opts: RosbridgeServerOptions = {}): Promise<RosbridgeServer> {
    const host = opts.host ?? '127.0.0.1';
    if (!isLoopback(host) && (opts.token === undefined || opts.token.length < 16)) {
      throw new ValidationError('rosbridge.token', opts.token === undefined ? undefined : `${opts.token.length} chars`, 'a token of ≥ 16 characters for a non-loopback bind', 'bind 127.0.0.1, or pass a random token; clients add ?token=... to the URL');
    }
    const wss = new WebSocketServer({ host, port: opts.port ?? 0, maxPayload: opts.maxFrameBytes ?? 4 * 1024 * 1024, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const addr = wss.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    const s = new RosbridgeServer(wss, `ws://${host}:${port}`, opts);
    wss.on('connection', (ws, req) => s.onConnection(ws, req.url ?? '/'));
    return s;
  }

  /** Declares a topic the run publishes (its ROS type is sent to subscribers that give none). */
  advertise(topic: string, type: string): void {
    this.topicTypes.set(topic, type);
  }

  /** Publishes to every subscriber of `topic` (respecting their throttle_rate). */
  publish(topic: string, msg: RosMessage): void {
    this.latestByTopic.set(topic, msg);
    const subs = this.subs.get(topic);
    if (subs === undefined || subs.length === 0) return;
    const now = performance.now();
    let frame: string | undefined;
    for (const s of subs) {
      if (s.throttleMs > 0 && now - s.lastSentMs < s.throttleMs) continue;
      s.lastSentMs = now;
      frame ??= JSON.stringify({ op: 'publish', topic, msg });
      if (s.ws.readyState === s.ws.OPEN) s.ws.send(frame);
    }
  }

  /** Number of live subscriptions to `topic`. */
  subscribers(topic: string): number {
    return this.subs.get(topic)?.length ?? 0;
  }

  /** Calls `handler` for every message a client publishes to `topic`. */
  onPublish(topic: string, handler: (msg: RosMessage) => void): void {
    const hs = this.publishHandlers.get(topic) ?? [];
    hs.push(handler);
    this.publishHandlers.set(topic, hs);
  }

  /** Latest message published to `topic` (by a client or by the run), if any. */
  latest(topic: string): RosMessage | undefined {
    return this.latestByTopic.get(topic);
  }

  /** Offers a service to clients. */
  advertiseService(service: string, type: string, handler: RosServiceHandler): void {
    this.services.set(service, { type, handler });
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, path: string): void {
    if (this.opts.token !== undefined) {
      const given = Buffer.from(new URL(path, 'ws://x').searchParams.get('token') ?? '', 'utf8');
      const want = Buffer.from(this.opts.token, 'utf8');
      if (given.length !== want.length || !timingSafeEqual(given, want)) {
        ws.send(JSON.stringify({ op: 'status', level: 'error', msg: 'missing or wrong token' }));
        ws.close(1008, 'auth');
        return;
      }
    }
    const rate = this.opts.maxMessagesPerSecond ?? 10_000;
    const burst = this.opts.burstMessages ?? 1_000;
    let tokens = burst;
    let last = performance.now();
    ws.on('message', (data, isBinary) => {
      const now = performance.now();
      tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
      last = now;
      if (tokens < 1) return this.status(ws, '?', undefined, `more than ${rate} messages/s; slow down`);
      tokens -= 1;
      let m: Record<string, unknown>;
      try {
        if (isBinary) throw new Error('binary (CBOR) frames are not supported; use JSON');
        const parsed: unknown = JSON.parse(String(data));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as { op?: unknown }).op !== 'string') throw new Error('expected a JSON object with a string "op"');
        m = parsed as Record<string, unknown>;
      } catch (e) {
        return this.status(ws, '?', undefined, (e as Error).message);
      }
      void this.handle(ws, m).catch((e: unknown) => this.status(ws, String(m.op), m.id, (e as Error).message));
    });
    ws.on('close', () => {
      for (const [topic, subs] of this.subs) this.subs.set(topic, subs.filter((s) => s.ws !== ws));
    });
    ws.on('error', () => undefined);
  }

  private async handle(ws: WebSocket, m: Record<string, unknown>): Promise<void> {
    const op = m.op as string;
    const id = typeof m.id === 'string' ? m.id : undefined;
    const str = (k: string): string => {
      const v = m[k];
      if (typeof v !== 'string' || v.length === 0 || v.length > 256) throw new Error(`${op}: field '${k}' must be a non-empty string`);
      return v;
    };
    switch (op) {
      case 'advertise':
        this.topicTypes.set(str('topic'), str('type'));
        return;
      case 'unadvertise':
        str('topic');
        return;
      case 'publish': {
        const topic = str('topic');
        const msg = m.msg;
        if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw new Error(`publish to ${topic}: 'msg' must be an object`);
        this.latestByTopic.set(topic, msg as RosMessage);
        for (const h of this.publishHandlers.get(topic) ?? []) h(msg as RosMessage);
        return;
      }
      case 'subscribe': {
        const topic = str('topic');
        const throttle = typeof m.throttle_rate === 'number' && m.throttle_rate > 0 ? m.throttle_rate : 0;
        const compression = m.compression ?? 'none';
        if (compression !== 'none') this.status(ws, op, id, `compression '${String(compression)}' is not supported; sending uncompressed JSON`, 'warning');
        const subs = this.subs.get(topic) ?? [];
        subs.push({ ws, id, throttleMs: throttle, lastSentMs: -Infinity });
        this.subs.set(topic, subs);
        return;
      }
      case 'unsubscribe': {
        const topic = str('topic');
        const subs = this.subs.get(topic) ?? [];
        const keep = subs.filter((s) => s.ws !== ws || (id !== undefined && s.id !== id));
        this.subs.set(topic, keep);
        return;
      }
      case 'call_service': {
        const service = str('service');
        const svc = this.services.get(service);
        const reply = (values: unknown, result: boolean): void => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ op: 'service_response', service, ...(id !== undefined ? { id } : {}), values, result }));
        };
        if (svc === undefined) return reply(`service ${service} does not exist`, false);
        const args = typeof m.args === 'object' && m.args !== null && !Array.isArray(m.args) ? (m.args as RosMessage) : {};
        try {
          reply(await svc.handler(args), true);
        } catch (e) {
          reply((e as Error).message, false);
        }
        return;
      }
      default:
        throw new Error(`op '${op.slice(0, 64)}' is not supported by this rosbridge server (supported: advertise, unadvertise, publish, subscribe, unsubscribe, call_service)`);
    }
  }

  private status(ws: WebSocket, op: string, id: unknown, msg: string, level: 'error' | 'warning' = 'error'): void {
    if (level === 'error') this.errors.push({ op, msg });
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ op: 'status', level, msg, ...(typeof id === 'string' ? { id } : {}) }));
  }
}
