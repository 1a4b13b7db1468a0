/**
 * A protocol-faithful SpiNNaker board stand-in on UDP (spec §1.5, §1.6, §1.9). It listens like
 * SCAMP (17893 by default), strips the 2-byte pad and SDP header, checks `dest_port == 1` and
 * maps (x, y, p) to the injector core, applies the C injector's prefix rules (16-bit atom id →
 * `virtual_key | id`), checks keys against the core's key space (`check_keys`), buffers
 * timestamped KP packets until their tick and counts late ones; answers SCP IPTAG SET (use_sender)
 * with the 18-byte OK and sends live output to the sender; and runs a `BoardModel` at 1 ms ticks
 * of wall-clock time, emitting LPG packets in the default format (KEY_32_BIT, timestamp payload
 * prefix, ≤ 64 keys) at the start of tick t+1 for spikes of tick t. KP32 packets to a
 * `<label>_control` injector set Poisson rates (S16.15 Hz). Node-only (UDP).
 */
import { type Socket, createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { type EieioDataPacket, EieioType, decodeEieio, eieioData, encodeEieioData, injectorKey } from '../spinnaker/eieio.js';
import type { CoreSlice } from '../spinnaker/live-database.js';
import { SCP_CMD_IPTAG, SCP_SCAMP_PORT, decodeIptagSet, decodeScpRequest, decodeSdp, encodeScpOk } from '../spinnaker/sdp.js';

/** What the board runs: one call per 1 ms tick. */
export interface BoardModel {
  /**
   * Advances tick `tick` with the atoms injected for this tick (by injector label) and the
   * current Poisson rates; returns the atoms that spiked during the tick, by population label.
   */
  tick(tick: number, injected: ReadonlyMap<string, readonly number[]>, ratesHz: ReadonlyMap<string, ReadonlyMap<number, number>>): ReadonlyMap<string, readonly number[]>;
  /** Back to the initial state (a new run). */
  reset(): void;
}

/**
 * The echo network used by the live-loop test: every atom injected into `from` during tick t
 * makes atom `i` of `to` spike `delayTicks` ticks later (a one-to-one projection with a weight
 * above threshold and an integer delay).
 */
export function relayBoardModel(from: string, to: string, delayTicks = 1): BoardModel {
  let queue = new Map<number, number[]>();
  return {
    tick(tick, injected) {
      for (const a of injected.get(from) ?? []) {
        const at = tick + delayTicks;
        (queue.get(at) ?? queue.set(at, []).get(at)!).push(a);
      }
      const fire = queue.get(tick) ?? [];
      queue.delete(tick);
      return new Map([[to, [...new Set(fire)].sort((x, y) => x - y)]]);
    },
    reset() {
      queue = new Map();
    },
  };
}

/** Options of the board stand-in. */
export interface BoardStandInOptions {
  /** Core slices from the database writer (placement + base key per machine vertex). */
  readonly slices: readonly CoreSlice[];
  /** Labels that are injectors (SpikeInjector / Poisson control). */
  readonly injectors: readonly string[];
  readonly model: BoardModel;
  readonly host?: string;
  /** UDP port (default 17893; 0 = ephemeral for tests). */
  readonly port?: number;
  /** Wall-clock ms per tick (time_scale_factor × 1 ms; default 1). */
  readonly tickMs?: number;
  /** Drop injected keys outside the core's key space (`check_keys`, default true). */
  readonly checkKeys?: boolean;
}

/** Board stand-in (see file comment). */
export class BoardStandIn {
  private socket: Socket | undefined;
  private target: { address: string; port: number } | undefined;
  private readonly byCore = new Map<string, CoreSlice>();
  private readonly byKey: { slice: CoreSlice; mask: number }[] = [];
  private pending = new Map<string, number[]>();
  private timed = new Map<number, Map<string, number[]>>();
  private readonly rates = new Map<string, Map<number, number>>();
  private lpgBuffer: number[] = [];
  private tickNo = 0;
  private t0 = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  /** Counters: packets in/out and every deviation (never silent). */
  readonly stats = { sdpIn: 0, scpIn: 0, malformed: 0, wrongPort: 0, unknownCore: 0, droppedKeys: 0, latePackets: 0, lpgPackets: 0, lpgSpikes: 0, unsentNoTag: 0, ticks: 0, catchUpTicks: 0 };
  /** Every spike the model emitted: [tick, label, atom]. */
  readonly emitted: [number, string, number][] = [];

  constructor(private readonly o: BoardStandInOptions) {
    for (const s of o.slices) {
      this.byCore.set(`${s.x},${s.y},${s.p}`, s);
      const bits = Math.ceil(Math.log2(s.hiAtom - s.loAtom + 1 || 1));
      this.byKey.push({ slice: s, mask: (~((1 << Math.max(bits, 0)) - 1)) >>> 0 });
    }
  }

  /** Binds the UDP socket; returns the port. */
  async listen(): Promise<number> {
    const s = createSocket('udp4');
    s.on('message', (msg, rinfo) => this.onMessage(new Uint8Array(msg), rinfo.address, rinfo.port));
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(this.o.port ?? SCP_SCAMP_PORT, this.o.host ?? '127.0.0.1', () => resolve());
    });
    this.socket = s;
    return s.address().port;
  }

  /** Starts ticking at tick 0 (wall clock now). */
  start(): void {
    this.running = true;
    this.tickNo = 0;
    this.t0 = performance.now();
    this.loop();
  }

  /** Stops ticking; flushes the last tick's LPG buffer. */
  stop(): void {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.flush(this.tickNo - 1);
  }

  /** Stops, resets the model and every buffer (a new run). */
  reset(): void {
    this.stop();
    this.o.model.reset();
    this.pending = new Map();
    this.timed = new Map();
    this.rates.clear();
    this.lpgBuffer = [];
    this.emitted.length = 0;
  }

  /** Current Poisson rates (Hz) set through `<label>_control`. */
  ratesHz(label: string): ReadonlyMap<number, number> {
    return this.rates.get(label) ?? new Map();
  }

  /** The current tick. */
  get tick(): number {
    return this.tickNo;
  }

  /** Closes the socket. Idempotent. */
  async close(): Promise<void> {
    this.stop();
    const s = this.socket;
    this.socket = undefined;
    if (s !== undefined) await new Promise<void>((r) => s.close(() => r()));
  }

  private loop(): void {
    if (!this.running) return;
    const due = Math.floor((performance.now() - this.t0) / (this.o.tickMs ?? 1));
    let n = 0;
    while (this.tickNo <= due) {
      this.runTick();
      n++;
    }
    if (n > 1) this.stats.catchUpTicks += n - 1;
    const next = this.t0 + this.tickNo * (this.o.tickMs ?? 1);
    this.timer = setTimeout(() => this.loop(), Math.max(0, next - performance.now()));
  }

  private runTick(): void {
    const t = this.tickNo;
    this.flush(t - 1); // LPG flushes at the start of the tick, stamped with the previous tick
    const injected = this.pending;
    this.pending = new Map();
    const timed = this.timed.get(t);
    if (timed !== undefined) {
      this.timed.delete(t);
      for (const [l, atoms] of timed) (injected.get(l) ?? injected.set(l, []).get(l)!).push(...atoms);
    }
    const out = this.o.model.tick(t, injected, this.rates);
    for (const [label, atoms] of out) {
      for (const a of atoms) {
        const s = this.o.slices.find((x) => x.label === label && a >= x.loAtom && a <= x.hiAtom);
        if (s === undefined) continue;
        this.lpgBuffer.push((s.baseKey | (a - s.loAtom)) >>> 0);
        this.emitted.push([t, label, a]);
      }
    }
    this.stats.ticks++;
    this.tickNo++;
  }

  private flush(stamp: number): void {
    if (this.lpgBuffer.length === 0 || stamp < 0) return;
    const keys = this.lpgBuffer;
    this.lpgBuffer = [];
    if (this.target === undefined || this.socket === undefined) {
      this.stats.unsentNoTag += keys.length;
      return;
    }
    for (let i = 0; i < keys.length; i += 64) {
      const pkt = encodeEieioData(eieioData({ type: EieioType.KEY_32_BIT, timestamp: stamp, keys: keys.slice(i, i + 64) }));
      this.socket.send(pkt, this.target.port, this.target.address);
      this.stats.lpgPackets++;
      this.stats.lpgSpikes += Math.min(64, keys.length - i);
    }
  }

  private onMessage(msg: Uint8Array, address: string, port: number): void {
    try {
      const sdp = decodeSdp(msg);
      const h = sdp.header;
      if (h.destPort === 0 && (h.flags & 0x80) !== 0) {
        this.stats.scpIn++;
        const req = decodeScpRequest(sdp.payload);
        if (req.cmd !== SCP_CMD_IPTAG) throw new Error(`SCP command ${req.cmd} not emulated`);
        const set = decodeIptagSet(req);
        this.target = set.useSender ? { address, port } : { address: set.host, port: set.port };
        this.socket?.send(encodeScpOk(req.seq, { x: h.destX, y: h.destY }), port, address);
        return;
      }
      this.stats.sdpIn++;
      if (h.destPort !== 1) {
        this.stats.wrongPort++;
        return;
      }
      const slice = this.byCore.get(`${h.destX},${h.destY},${h.destCpu}`);
      if (slice === undefined || !this.o.injectors.includes(slice.label)) {
        this.stats.unknownCore++;
        return;
      }
      const p = decodeEieio(sdp.payload);
      if (p.kind !== 'data') return;
      this.inject(slice, p);
    } catch {
      this.stats.malformed++;
    }
  }

  private inject(slice: CoreSlice, p: EieioDataPacket): void {
    const isControl = slice.label.endsWith('_control');
    const timedKp = p.payloads !== null && p.payloadIsTime;
    for (let i = 0; i < p.keys.length; i++) {
      const key = injectorKey(p, p.keys[i] as number, slice.baseKey);
      const hit = this.byKey.find((k) => k.slice.label === slice.label && ((key & k.mask) >>> 0) === k.slice.baseKey);
      const off = hit === undefined ? -1 : key - hit.slice.baseKey;
      if (hit === undefined || off > hit.slice.hiAtom - hit.slice.loAtom) {
        if (this.o.checkKeys !== false) {
          this.stats.droppedKeys++;
          continue;
        }
      }
      const atom = (hit?.slice.loAtom ?? 0) + off;
      if (isControl) {
        const base = slice.label.slice(0, -'_control'.length);
        const m = this.rates.get(base) ?? this.rates.set(base, new Map()).get(base)!;
        m.set(atom, (p.payloads?.[i] ?? 0) / 32768);
        continue;
      }
      if (timedKp) {
        const at = p.payloads![i] as number;
        if (at < this.tickNo) {
          this.stats.latePackets++;
          continue;
        }
        const m = this.timed.get(at) ?? this.timed.set(at, new Map()).get(at)!;
        (m.get(slice.label) ?? m.set(slice.label, []).get(slice.label)!).push(atom);
        continue;
      }
      (this.pending.get(slice.label) ?? this.pending.set(slice.label, []).get(slice.label)!).push(atom);
    }
  }
}
