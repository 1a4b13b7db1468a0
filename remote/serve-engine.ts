/**
 * Host side of the remote protocol: `serveEngine(engine)` puts any engine behind a websocket so it
 * runs in another process unchanged. One client drives the engine at a time; messages are handled
 * strictly in order. Security: binds 127.0.0.1 unless told otherwise, requires a token for any
 * non-loopback bind, enforces a frame-size limit (ws closes with 1009) and a message-rate limit,
 * and never evaluates anything from the network (msgpack without code generation, zod schemas).
 * Every malformed frame gets an `error` reply; the connection and the host stay up.
 */
import { timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../core/engine.js';
import { EngineError, NeuroloopError, ProtocolError, SimulationError, ValidationError } from '../core/errors.js';
import type { Outputs } from '../core/ports.js';
import { parseClientMessage } from './message-schema.js';
import { packFrame, unpackFrame } from './msgpack.js';
import { type Capability, type ClientMessage, DEFAULT_LIMITS, type HostLimits, type HostMessage, PROTOCOL_VERSION, type ProtocolErrorCode, type WireErrorDetail } from './protocol.js';
import { isWallClockEngine } from './wall-clock-engine.js';
import { decodeInputs, encodeValues } from './wire-codec.js';

/** Faults injected on the host's replies (robot stand-in, HIL tests). */
export interface FaultInjection {
  /** Fixed delay added to each `outputs` reply (ms). */
  readonly latencyMs?: number;
  /** Extra uniformly distributed delay in [0, jitterMs) (ms). */
  readonly jitterMs?: number;
  /** Probability that an `outputs` reply is lost. */
  readonly lossProbability?: number;
  /** Drop the connection (no close handshake) this long after init (ms); once. */
  readonly disconnectAfterMs?: number;
  /** Seed of the injection's random stream. */
  readonly seed?: number;
}

/** Options of serveEngine. */
export interface ServeEngineOptions extends HostLimits {
  /** Interface to bind; default 127.0.0.1. Anything else requires `token`. */
  readonly host?: string;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Shared secret the client must present in hello. */
  readonly token?: string;
  /** Dispose the engine when the host closes (default true). A client's `dispose` only ends its session. */
  readonly disposeOnClose?: boolean;
  readonly inject?: FaultInjection;
  /** Diagnostics (connections, protocol errors). */
  readonly log?: (level: 'info' | 'warn', message: string) => void;
}

/** A running engine host. */
export interface EngineHost {
  readonly url: string;
  readonly port: number;
  /** Counters: frames received, protocol errors sent, replies dropped by injection. */
  readonly stats: { frames: number; protocolErrors: number; dropped: number; connections: number };
  close(): Promise<void>;
}

const HELLO_TIMEOUT_MS = 10_000;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** True for loopback interface names/addresses. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/** Serves `engine` over the remote protocol; resolves once listening. */
export async function serveEngine(engine: Engine, opts: ServeEngineOptions = {}): Promise<EngineHost> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host) && (opts.token === undefined || opts.token.length < 16)) {
    throw new ValidationError('serveEngine.token', opts.token === undefined ? undefined : `${opts.token.length} chars`, 'a token of at least 16 characters for a non-loopback bind', `bind 127.0.0.1, or pass a random token (e.g. crypto.randomBytes(24).toString('hex')) and give it to the client`);
  }
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes;
  const rate = opts.maxMessagesPerSecond ?? DEFAULT_LIMITS.maxMessagesPerSecond;
  const burst = opts.burstMessages ?? DEFAULT_LIMITS.burstMessages;
  for (const [field, v] of [['maxFrameBytes', maxFrameBytes], ['maxMessagesPerSecond', rate], ['burstMessages', burst]] as const) {
    if (!(Number.isFinite(v) && v > 0)) throw new ValidationError(`serveEngine.${field}`, v, 'a positive number', `omit it for the default (${DEFAULT_LIMITS[field]})`);
  }
  const log = opts.log ?? (() => undefined);
  const stats = { frames: 0, protocolErrors: 0, dropped: 0, connections: 0 };
  const caps: Capability[] = [];
  if (typeof engine.snapshot === 'function') caps.push('snapshot');
  if (isWallClockEngine(engine)) caps.push('resync', 'realtime');
  const welcome = packFrame({ type: 'welcome', version: PROTOCOL_VERSION, name: engine.name, dtNs: engine.dt, ports: engine.ports, capabilities: caps } satisfies HostMessage);
  const tokenBytes = opts.token === undefined ? undefined : Buffer.from(opts.token, 'utf8');
  const inject = opts.inject;
  let injRng = (inject?.seed ?? 1) >>> 0 || 1;
  const uniform = (): number => {
    injRng ^= injRng << 13; injRng >>>= 0; injRng ^= injRng >>> 17; injRng ^= injRng << 5; injRng >>>= 0;
    return injRng / 4294967296;
  };

  let initialised = false;
  let disposed = false;
  let sessionEnded = false;
  let active: WebSocket | undefined;
  let disconnectTimer: NodeJS.Timeout | undefined;
  let disconnectDone = false;

  const wss = new WebSocketServer({ host, port: opts.port ?? 0, maxPayload: maxFrameBytes, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const addr = wss.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;

  wss.on('connection', (ws) => {
    stats.connections++;
    let helloDone = false;
    // An unauthenticated connection holds nothing and is dropped if it does not say hello in time.
    const helloTimer = setTimeout(() => {
      if (!helloDone) ws.close(1008, 'no hello');
    }, HELLO_TIMEOUT_MS);
    let tokens = burst;
    let last = performance.now();
    let chain: Promise<void> = Promise.resolve();
    let pending = 0; // requests queued or running on this connection

    const send = (m: HostMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(packFrame(m));
    };
    const fail = (mid: number | null, err: unknown): void => {
      if (err instanceof ProtocolError) {
        stats.protocolErrors++;
        send(errorMsg(mid, err.code as ProtocolErrorCode, err.message));
      } else send(errorMsg(mid, 'engine', (err as Error)?.message ?? String(err), detailOf(err)));
    };

    ws.on('message', (data, isBinary) => {
      stats.frames++;
      const now = performance.now();
      tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
      last = now;
      if (tokens < 1) {
        chain = chain.then(() => fail(null, new ProtocolError('rate', `more than ${rate} messages/s (burst ${burst}); slow down`)));
        return;
      }
      tokens -= 1;
      let msg: ClientMessage;
      try {
        if (!isBinary) throw new ProtocolError('malformed', 'text frames are not part of the protocol; send binary msgpack');
        const buf = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
        // Decoding hostile frames throws a lot; stack traces are useless for them and were the
        // largest cost under fuzzing, so none are captured in this synchronous section.
        const stackLimit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
          let raw: unknown;
          try {
            raw = unpackFrame(buf);
          } catch (e) {
            throw new ProtocolError('malformed', `not a msgpack frame (${String((e as Error)?.message ?? e).slice(0, 120)})`);
          }
          msg = parseClientMessage(raw);
        } finally {
          Error.stackTraceLimit = stackLimit;
        }
      } catch (e) {
        // replies keep the order of requests, so errors queue behind engine work in flight
        const err = e instanceof ProtocolError ? e : new ProtocolError('malformed', String((e as Error)?.message ?? e).slice(0, 200));
        if (pending === 0) fail(null, err); // nothing in flight: answering now keeps the order
        else chain = chain.then(() => fail(null, err));
        return;
      }
      if (!helloDone) {
        if (msg.type !== 'hello') {
          fail('id' in msg ? msg.id : null, new ProtocolError('state', `'${msg.type}' before hello; send hello first`));
          return;
        }
        if (msg.version !== PROTOCOL_VERSION) {
          fail(null, new ProtocolError('version', `client speaks protocol v${msg.version}, host speaks v${PROTOCOL_VERSION}`));
          ws.close(1002, 'version');
          return;
        }
        if (tokenBytes !== undefined) {
          const given = Buffer.from(msg.token ?? '', 'utf8');
          if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) {
            fail(null, new ProtocolError('auth', 'missing or wrong token'));
            log('warn', `remote: refused a client with a wrong token`);
            ws.close(1008, 'auth');
            return;
          }
        }
        if (active !== undefined) {
          fail(null, new ProtocolError('busy', `engine '${engine.name}' is driven by another client`));
          ws.close(1013, 'busy');
          return;
        }
        active = ws;
        helloDone = true;
        clearTimeout(helloTimer);
        ws.send(welcome);
        return;
      }
      if (msg.type === 'hello') {
        chain = chain.then(() => fail(null, new ProtocolError('state', 'hello sent twice')));
        return;
      }
      pending++;
      chain = chain.then(() => handle(msg, send, fail, ws)).finally(() => pending--);
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      if (active === ws) active = undefined;
    });
    ws.on('error', (e) => log('warn', `remote: connection error: ${e.message}`));
  });

  async function handle(msg: Exclude<ClientMessage, { type: 'hello' }>, send: (m: HostMessage) => void, fail: (id: number | null, e: unknown) => void, ws: WebSocket): Promise<void> {
    const t0 = performance.now();
    try {
      switch (msg.type) {
        case 'heartbeat':
          send({ type: 'ack', id: msg.id });
          return;
        case 'dispose':
          // A client's dispose ends its session; the engine itself lives until the host closes, so
          // the next client (a reconnecting bus, the next run) finds it. Wall-clock engines go to
          // their safe state (actuators off) between sessions.
          sessionEnded = true;
          if (isWallClockEngine(engine)) engine.halt?.();
          send({ type: 'ack', id: msg.id });
          return;
        case 'init': {
          if (disposed) throw new ProtocolError('state', `engine '${engine.name}' was disposed`);
          sessionEnded = false;
          const ctx = { seed: msg.seed, startNs: msg.startNs, log: (level: 'info' | 'warn', m: string) => log(level, `${engine.name}: ${m}`) };
          const out = initialised ? await engine.reset({ seed: msg.seed }) : await engine.init(ctx);
          initialised = true;
          armDisconnect(ws);
          reply(send, msg.id, msg.startNs, out, t0);
          return;
        }
        case 'advance': {
          if (!initialised || disposed || sessionEnded) throw new ProtocolError('state', `advance before init (or after dispose) of '${engine.name}'`);
          const out = await engine.advance(msg.to, decodeInputs(msg.inputs));
          replyInjected(send, msg.id, msg.to, out, t0);
          return;
        }
        case 'reset': {
          if (!initialised || disposed) throw new ProtocolError('state', `reset before init (or after dispose) of '${engine.name}'`);
          const out = await engine.reset({ ...(msg.keep ? { keep: msg.keep } : {}), ...(msg.seed !== undefined ? { seed: msg.seed } : {}) });
          reply(send, msg.id, 0, out, t0);
          return;
        }
        case 'resync': {
          if (!isWallClockEngine(engine)) throw new ProtocolError('unsupported', `engine '${engine.name}' is not a wall-clock engine; resync is for robots`);
          if (!initialised || disposed) throw new ProtocolError('state', `resync before init of '${engine.name}'`);
          const r = engine.resync();
          reply(send, msg.id, r.tNs, r.outputs, t0);
          return;
        }
      }
    } catch (e) {
      fail(msg.id, e);
    }
  }

  function reply(send: (m: HostMessage) => void, id: number, tNs: number, out: Outputs, t0: number): void {
    const hostUs = (performance.now() - t0) * 1000;
    send({ type: 'outputs', id, tNs, outputs: encodeValues(out), hostUs, ...(isWallClockEngine(engine) ? { lateUs: engine.lastLateUs } : {}) });
  }

  function replyInjected(send: (m: HostMessage) => void, id: number, tNs: number, out: Outputs, t0: number): void {
    if (inject === undefined) return reply(send, id, tNs, out, t0);
    if (inject.lossProbability !== undefined && uniform() < inject.lossProbability) {
      stats.dropped++;
      return;
    }
    const delay = (inject.latencyMs ?? 0) + (inject.jitterMs ?? 0) * uniform();
    if (delay <= 0) return reply(send, id, tNs, out, t0);
    // hostUs is the engine's time only: the injected delay must count as network latency
    const lateUs = isWallClockEngine(engine) ? engine.lastLateUs : undefined;
    const msg: HostMessage = { type: 'outputs', id, tNs, outputs: encodeValues(out), hostUs: (performance.now() - t0) * 1000, ...(lateUs !== undefined ? { lateUs } : {}) };
    setTimeout(() => send(msg), delay);
  }

  function armDisconnect(ws: WebSocket): void {
    if (inject?.disconnectAfterMs === undefined || disconnectDone || disconnectTimer !== undefined) return;
    disconnectTimer = setTimeout(() => {
      disconnectDone = true;
      log('info', `remote: injected disconnect of '${engine.name}'`);
      ws.terminate();
    }, inject.disconnectAfterMs);
  }

  return {
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stats,
    async close(): Promise<void> {
      if (disconnectTimer !== undefined) clearTimeout(disconnectTimer);
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (opts.disposeOnClose !== false && !disposed) {
        disposed = true;
        await engine.dispose();
      }
    },
  };
}

function errorMsg(id: number | null, code: ProtocolErrorCode, message: string, error?: WireErrorDetail): HostMessage {
  return { type: 'error', id, code, message, ...(error ? { error } : {}) };
}

/** Structured details of an engine error so the client rebuilds the same error class. */
function detailOf(err: unknown): WireErrorDetail {
  if (err instanceof ValidationError) {
    let value: string;
    try {
      value = typeof err.value === 'string' ? err.value : JSON.stringify(err.value) ?? String(err.value);
    } catch {
      value = String(err.value);
    }
    return { name: 'ValidationError', field: err.field, expected: err.expected, fix: err.fix, value: value.slice(0, 200) };
  }
  if (err instanceof SimulationError) {
    return { name: 'SimulationError', engine: err.engine, timeNs: err.timeNs, variable: err.variable, ...(err.index !== undefined ? { index: err.index } : {}) };
  }
  if (err instanceof EngineError) return { name: 'EngineError', engine: err.engine, timeNs: err.timeNs };
  if (err instanceof NeuroloopError) return { name: err.name };
  return { name: err instanceof Error ? err.name : 'Error' };
}
