/**
 * Bus side of the remote protocol: an Engine whose work happens in another process. Connect with
 * `await RemoteEngine.connect({url})`; name, dt and ports come from the host's welcome, so the bus
 * treats it like any local engine. Inputs are validated here (fail fast, with the port named) and
 * again by the remote engine. Each request has a timeout; on timeout or a lost connection the
 * fault policy decides: `abort` (throw an EngineError naming the engine and time) or, for
 * wall-clock engines (robots) only, `hold` the last outputs for up to k steps while reconnecting
 * and resyncing, then abort. Every fault is kept in `faults` for the run's metadata.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { checkInputs, checkStep } from '../core/check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../core/engine.js';
import { EngineError, NeuroloopError, ProtocolError, SimulationError, ValidationError } from '../core/errors.js';
import { type Inputs, type Outputs, type PortSpec, type PortValue, NO_SPIKES } from '../core/ports.js';
import type { TimeNs } from '../core/time.js';
import { LatencySeries, type LatencySummary } from './latency-stats.js';
import { parseHostMessage } from './message-schema.js';
import { packFrame, unpackFrame } from './msgpack.js';
import { type Capability, DEFAULT_LIMITS, type HostMessage, PROTOCOL_VERSION, type WireErrorDetail } from './protocol.js';
import { decodeOutputs, encodeValues } from './wire-codec.js';

/** What to do when the remote engine does not answer in time or the connection drops. */
export type FaultPolicy =
  | { readonly onFault: 'abort' }
  /** Hold the last analog outputs (no spikes, no events) for up to `maxHeldSteps` steps, then abort. */
  | { readonly onFault: 'hold'; readonly maxHeldSteps: number };

/** Options of RemoteEngine.connect. */
export interface RemoteEngineOptions {
  /** ws://host:port of a serveEngine host. */
  readonly url: string;
  readonly token?: string;
  /** Wall-clock timeout per advance (ms); default 10,000. */
  readonly timeoutMs?: number;
  /** Timeout of init and reset, which may load models or WASM (ms); default max(timeoutMs, 30,000). */
  readonly initTimeoutMs?: number;
  /** Default `{onFault: 'abort'}`. */
  readonly policy?: FaultPolicy;
  /** Reconnect attempts after a dropped connection (wall-clock engines only); default 0. */
  readonly reconnectAttempts?: number;
  /** Delay between reconnect attempts (ms); default 50. */
  readonly reconnectDelayMs?: number;
  /** Wall-clock timeout of connect + hello (ms); default 10,000. */
  readonly connectTimeoutMs?: number;
  /** Largest accepted frame from the host; default 16 MiB. */
  readonly maxFrameBytes?: number;
  /** Client name sent in hello. */
  readonly clientName?: string;
}

/** One fault seen by a RemoteEngine. */
export interface RemoteFault {
  readonly kind: 'timeout' | 'disconnect' | 'held' | 'reconnected' | 'late-reply' | 'abort';
  readonly tNs: TimeNs;
  readonly wallMs: number;
  readonly detail: string;
}

interface Pending {
  readonly id: number;
  readonly sentAt: number;
  readonly timeoutMs: number;
  resolve(m: HostMessage): void;
  reject(e: Error): void;
}

class DisconnectedError extends NeuroloopError {}
class TimeoutError extends NeuroloopError {}

/** An engine served by another process (see file comment). */
export class RemoteEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  readonly capabilities: readonly Capability[];
  /** Faults in order of occurrence. */
  readonly faults: RemoteFault[] = [];
  /** Round trip per request minus the host's compute time (µs): the network+codec cost. */
  readonly networkRtt = new LatencySeries();
  /** Full round trip per advance (µs). */
  readonly roundTrip = new LatencySeries();
  /** Wall-clock engines: lateness of each sample against its deadline, reported by the host (µs). */
  readonly sampleLateness = new LatencySeries();

  private ws: WebSocket;
  private readonly opts: RemoteEngineOptions;
  private readonly timeoutMs: number;
  private readonly initTimeoutMs: number;
  private readonly policy: FaultPolicy;
  private nextId = 1;
  private pending: Pending | undefined;
  private now: TimeNs = 0;
  private last: Outputs | undefined;
  private held = 0;
  private connected = true;
  private reconnecting: Promise<void> | undefined;
  private disposed = false;
  private readonly t0 = performance.now();

  private constructor(ws: WebSocket, welcome: Extract<HostMessage, { type: 'welcome' }>, opts: RemoteEngineOptions) {
    this.ws = ws;
    this.opts = opts;
    this.name = welcome.name;
    this.dt = welcome.dtNs;
    this.ports = welcome.ports;
    this.capabilities = welcome.capabilities;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.initTimeoutMs = opts.initTimeoutMs ?? Math.max(this.timeoutMs, 30_000);
    this.policy = opts.policy ?? { onFault: 'abort' };
    this.attach(ws);
    // One watchdog instead of a timer per request: at thousands of requests per second, creating
    // and clearing a timeout each time costs more than the check.
    this.watchdog = setInterval(() => this.checkTimeout(), Math.max(1, Math.min(50, this.timeoutMs / 10)));
    this.watchdog.unref();
  }

  private readonly watchdog: NodeJS.Timeout;

  private checkTimeout(): void {
    const p = this.pending;
    if (p !== undefined && performance.now() - p.sentAt > p.timeoutMs) {
      this.pending = undefined;
      p.reject(new TimeoutError(`no answer from '${this.name}' within ${p.timeoutMs} ms`));
    }
  }

  /** Connects, says hello and returns the engine described by the host's welcome. */
  static async connect(opts: RemoteEngineOptions): Promise<RemoteEngine> {
    validateOptions(opts);
    const { ws, welcome } = await handshake(opts);
    const policy = opts.policy ?? { onFault: 'abort' };
    if ((policy.onFault === 'hold' || (opts.reconnectAttempts ?? 0) > 0) && !welcome.capabilities.includes('realtime')) {
      ws.terminate();
      throw new ValidationError(`${welcome.name}.policy`, policy.onFault === 'hold' ? 'hold' : `reconnectAttempts ${opts.reconnectAttempts}`, "'abort' for an engine that is not on a wall clock", "holding outputs or reconnecting would desynchronise a deterministic engine; use {onFault: 'abort'}");
    }
    return new RemoteEngine(ws, welcome, opts);
  }

  /** Latency summaries of this connection. */
  latency(): { networkRtt: LatencySummary; roundTrip: LatencySummary; sampleLateness: LatencySummary } {
    return { networkRtt: this.networkRtt.summary(), roundTrip: this.roundTrip.summary(), sampleLateness: this.sampleLateness.summary() };
  }

  async init(ctx: EngineContext): Promise<Outputs> {
    const m = await this.request((id) => ({ type: 'init', id, seed: ctx.seed >>> 0, startNs: ctx.startNs }), ctx.startNs, this.initTimeoutMs);
    this.now = ctx.startNs;
    this.held = 0;
    return this.takeOutputs(m);
  }

  advance(to: TimeNs, inputs: Inputs): Promise<Outputs> {
    const p = this.advanceAsync(to, inputs);
    // The bus may await this only after its realtime wait; mark it handled now so a fault is not
    // reported as an unhandled rejection in between (the bus still receives the rejection).
    p.catch(() => undefined);
    return p;
  }

  private async advanceAsync(to: TimeNs, inputs: Inputs): Promise<Outputs> {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const from = this.now;
    if (!this.connected || this.reconnecting !== undefined) return this.fault(to, new DisconnectedError(`connection to '${this.name}' is down`));
    const sent = performance.now();
    let m: HostMessage;
    try {
      m = await this.request((id) => ({ type: 'advance', id, to, inputs: encodeValues(inputs) }), from);
    } catch (e) {
      if (e instanceof TimeoutError || e instanceof DisconnectedError) return this.fault(to, e);
      throw e;
    }
    this.roundTrip.add((performance.now() - sent) * 1000);
    this.now = to;
    this.held = 0;
    return this.takeOutputs(m);
  }

  async reset(opts?: ResetOptions): Promise<Outputs> {
    const m = await this.request((id) => ({ type: 'reset', id, ...(opts?.keep ? { keep: [...opts.keep] } : {}), ...(opts?.seed !== undefined ? { seed: opts.seed >>> 0 } : {}) }), this.now, this.initTimeoutMs);
    this.now = 0;
    this.held = 0;
    return this.takeOutputs(m);
  }

  /** Round trip of a heartbeat (µs); measures the link alone. */
  async ping(): Promise<number> {
    const t = performance.now();
    await this.request((id) => ({ type: 'heartbeat', id }), this.now);
    return (performance.now() - t) * 1000;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.watchdog);
    if (this.connected && this.ws.readyState === WebSocket.OPEN) {
      try {
        await this.request((id) => ({ type: 'dispose', id }), this.now, Math.min(this.timeoutMs, 2000));
      } catch {
        // the host may already be gone; disposing must still succeed locally
      }
    }
    this.connected = false;
    this.ws.removeAllListeners();
    this.ws.on('error', () => undefined);
    this.ws.terminate();
  }

  private takeOutputs(m: HostMessage): Outputs {
    if (m.type !== 'outputs') throw new ProtocolError('malformed', `'${this.name}' answered '${m.type}' where outputs were expected`);
    const out = decodeOutputs(this.name, this.ports, m.outputs);
    this.networkRtt.add(Math.max(0, (performance.now() - (this.lastSentAt ?? performance.now())) * 1000 - m.hostUs));
    if (m.lateUs !== undefined) this.sampleLateness.add(m.lateUs);
    this.last = out;
    return out;
  }

  private lastSentAt: number | undefined;

  private request(build: (id: number) => Record<string, unknown>, tNs: TimeNs, timeoutMs = this.timeoutMs): Promise<HostMessage> {
    if (this.pending !== undefined) {
      return Promise.reject(new EngineError(this.name, tNs, 'a request is already in flight; the engine contract is sequential'));
    }
    if (!this.connected || this.ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new DisconnectedError(`connection to '${this.name}' is down`));
    }
    const id = this.nextId++;
    const frame = packFrame(build(id));
    return new Promise<HostMessage>((resolve, reject) => {
      const p: Pending = { id, sentAt: performance.now(), timeoutMs, resolve, reject };
      this.pending = p;
      this.lastSentAt = p.sentAt;
      this.ws.send(frame);
    }).then((m) => {
      if (m.type === 'error') throw this.rebuildError(m, tNs);
      return m;
    });
  }

  private rebuildError(m: Extract<HostMessage, { type: 'error' }>, tNs: TimeNs): Error {
    const d: WireErrorDetail | undefined = m.error;
    if (m.code !== 'engine' || d === undefined) return new ProtocolError(m.code, `from '${this.name}': ${m.message}`);
    if (d.name === 'ValidationError' && d.field !== undefined) return new ValidationError(d.field, d.value, d.expected ?? '?', d.fix ?? '?');
    if (d.name === 'SimulationError') return new SimulationError(d.engine ?? this.name, d.timeNs ?? tNs, d.variable ?? '?', d.index, `(remote: ${m.message})`);
    return new EngineError(this.name, d.timeNs ?? tNs, `remote ${d.name}: ${m.message}`);
  }

  private attach(ws: WebSocket): void {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      let m: HostMessage;
      try {
        if (!isBinary) throw new ProtocolError('malformed', 'text frame from host');
        m = parseHostMessage(unpackFrame(data));
      } catch (e) {
        const p = this.pending;
        if (p !== undefined) this.settle(p, undefined, e as Error);
        else this.faults.push({ kind: 'late-reply', tNs: this.now, wallMs: this.wallMs(), detail: `bad frame outside a request: ${(e as Error).message}` });
        return;
      }
      const p = this.pending;
      const mid = m.type === 'welcome' ? -1 : m.id;
      if (p !== undefined && (mid === p.id || (mid === null && m.type === 'error'))) this.settle(p, m, undefined);
      else this.faults.push({ kind: 'late-reply', tNs: this.now, wallMs: this.wallMs(), detail: `${m.type} for request ${String(mid)} arrived after its timeout` });
    });
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.connected = false;
      const p = this.pending;
      if (p !== undefined) this.settle(p, undefined, new DisconnectedError(`connection to '${this.name}' dropped`));
      if (!this.disposed) {
        this.faults.push({ kind: 'disconnect', tNs: this.now, wallMs: this.wallMs(), detail: 'websocket closed' });
        if ((this.opts.reconnectAttempts ?? 0) > 0 && this.reconnecting === undefined) this.reconnecting = this.reconnect().finally(() => (this.reconnecting = undefined));
      }
    });
    ws.on('error', () => undefined); // 'close' follows and carries the consequence
  }

  private settle(p: Pending, m: HostMessage | undefined, e: Error | undefined): void {
    this.pending = undefined;
    if (e !== undefined) p.reject(e);
    else p.resolve(m as HostMessage);
  }

  private async reconnect(): Promise<void> {
    const attempts = this.opts.reconnectAttempts ?? 0;
    for (let k = 1; k <= attempts && !this.disposed; k++) {
      await new Promise((r) => setTimeout(r, this.opts.reconnectDelayMs ?? 50));
      try {
        const { ws, welcome } = await handshake(this.opts);
        if (welcome.name !== this.name || welcome.dtNs !== this.dt) {
          ws.terminate();
          throw new ProtocolError('state', `reconnected host serves '${welcome.name}' (dt ${welcome.dtNs}), not '${this.name}'`);
        }
        this.ws = ws;
        this.attach(ws);
        this.connected = true;
        const m = await this.request((id) => ({ type: 'resync', id }), this.now);
        if (m.type === 'outputs') this.last = decodeOutputs(this.name, this.ports, m.outputs);
        this.faults.push({ kind: 'reconnected', tNs: this.now, wallMs: this.wallMs(), detail: `attempt ${k}; host time ${m.type === 'outputs' ? m.tNs : '?'} ns` });
        return;
      } catch (e) {
        this.connected = false;
        this.faults.push({ kind: 'disconnect', tNs: this.now, wallMs: this.wallMs(), detail: `reconnect attempt ${k} failed: ${(e as Error).message}` });
      }
    }
  }

  /** Applies the fault policy to a failed advance to `to`. */
  private fault(to: TimeNs, e: Error): Outputs {
    const kind = e instanceof TimeoutError ? 'timeout' : 'disconnect';
    if (kind === 'timeout') this.faults.push({ kind, tNs: to, wallMs: this.wallMs(), detail: e.message });
    if (this.policy.onFault === 'hold' && this.held < this.policy.maxHeldSteps && this.last !== undefined) {
      this.held++;
      this.faults.push({ kind: 'held', tNs: to, wallMs: this.wallMs(), detail: `held last outputs (${this.held}/${this.policy.maxHeldSteps}) after ${kind}` });
      this.now = to;
      return holdOutputs(this.last);
    }
    const why = this.policy.onFault === 'hold' ? `${kind}; held ${this.held} of ${this.policy.maxHeldSteps} allowed steps, policy 'hold' then abort` : `${kind}; policy 'abort'`;
    this.faults.push({ kind: 'abort', tNs: to, wallMs: this.wallMs(), detail: why });
    throw new EngineError(this.name, this.now, `remote engine failed: ${e.message} (${why})`, { cause: e });
  }

  private wallMs(): number {
    return performance.now() - this.t0;
  }
}

/** Held outputs: analog values repeat; spikes and events are transient and are not repeated. */
function holdOutputs(last: Outputs): Outputs {
  const out: Record<string, PortValue> = {};
  for (const [k, v] of Object.entries(last)) out[k] = v instanceof Float64Array ? v : Array.isArray(v) ? [] : NO_SPIKES;
  return out;
}

function validateOptions(o: RemoteEngineOptions): void {
  if (typeof o.url !== 'string' || !/^wss?:\/\//.test(o.url)) throw new ValidationError('remote.url', o.url, 'a ws:// or wss:// URL', 'use the url printed by serveEngine');
  if (o.timeoutMs !== undefined && !(o.timeoutMs > 0)) throw new ValidationError('remote.timeoutMs', o.timeoutMs, 'a positive number of ms', 'omit for 10,000 ms');
  if (o.policy?.onFault === 'hold' && !(Number.isInteger(o.policy.maxHeldSteps) && o.policy.maxHeldSteps >= 1)) {
    throw new ValidationError('remote.policy.maxHeldSteps', o.policy.maxHeldSteps, 'an integer ≥ 1', 'give how many steps may be held before aborting');
  }
  if (o.policy !== undefined && o.policy.onFault !== 'abort' && o.policy.onFault !== 'hold') {
    throw new ValidationError('remote.policy.onFault', (o.policy as { onFault: unknown }).onFault, "'abort' or 'hold'", 'pick a fault policy');
  }
}

/** Opens a socket, sends hello, waits for welcome (or an error). */
async function handshake(opts: RemoteEngineOptions): Promise<{ ws: WebSocket; welcome: Extract<HostMessage, { type: 'welcome' }> }> {
  const timeoutMs = opts.connectTimeoutMs ?? 10_000;
  const ws = new WebSocket(opts.url, { maxPayload: opts.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes, perMessageDeflate: false, handshakeTimeout: timeoutMs });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new ProtocolError('state', `no welcome from ${opts.url} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (e?: Error, welcome?: Extract<HostMessage, { type: 'welcome' }>): void => {
      clearTimeout(timer);
      ws.removeAllListeners();
      if (e !== undefined) {
        ws.on('error', () => undefined);
        ws.terminate();
        reject(e);
      } else resolve({ ws, welcome: welcome as Extract<HostMessage, { type: 'welcome' }> });
    };
    ws.once('open', () => ws.send(packFrame({ type: 'hello', version: PROTOCOL_VERSION, client: opts.clientName ?? 'neuroloop', ...(opts.token !== undefined ? { token: opts.token } : {}) })));
    ws.once('message', (data: Buffer) => {
      try {
        const m = parseHostMessage(unpackFrame(data));
        if (m.type === 'welcome') {
          if (m.version !== PROTOCOL_VERSION) return done(new ProtocolError('version', `host speaks v${m.version}, we speak v${PROTOCOL_VERSION}`));
          return done(undefined, m);
        }
        if (m.type === 'error') return done(new ProtocolError(m.code, `${opts.url} refused: ${m.message}`));
        done(new ProtocolError('malformed', `expected welcome, got '${m.type}'`));
      } catch (e) {
        done(e as Error);
      }
    });
    ws.once('error', (e) => done(new ProtocolError('state', `cannot connect to ${opts.url}: ${e.message}`)));
    ws.once('close', (code) => done(new ProtocolError('state', `${opts.url} closed the connection (code ${code})`)));
  });
}
