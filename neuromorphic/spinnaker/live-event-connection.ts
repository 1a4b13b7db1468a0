/**
 * The host side of SpiNNaker live I/O, after SpiNNFrontEndCommon's `LiveEventConnection` +
 * `DatabaseConnection` (spec §1.3–1.6). Node-only (UDP via node:dgram, DB file via node:fs).
 *
 * - Listens on the notify port (19999 by default) for `DATABASE + path`, opens the sqlite DB,
 *   builds key↔atom maps for its labels and replies `01 40` to the sender of the notification.
 * - On START_RESUME re-points each receive label's IP tag at its own receive socket with SCP
 *   IPTAG SET (use_sender, strip), waits for the 18-byte OK, and repeats every 10 s.
 * - Sends spikes as SDP-wrapped EIEIO to (ethernet ip of the injector's chip, 17893): 16-bit atom
 *   ids by default (≤ 127 per packet) or 32-bit keys from the DB (≤ 63 per packet).
 * - Decodes EIEIO from the board (LPG default format: KEY_32_BIT, timestamp payload prefix),
 *   maps keys to atoms and calls the receive callbacks. Malformed packets and unknown keys are
 *   counted and reported, never crash the loop.
 * - Poisson rate control: KEY_PAYLOAD_32_BIT to `<label>_control`, payload round(rate·32768).
 */
import { type Socket, createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { ProtocolError, ValidationError } from '../../core/errors.js';
import {
  EieioCommand, EieioType, decodeDatabasePath, decodeEieio, eieioData, eieioElements, encodeDatabaseLocation, encodeEieioData,
} from './eieio.js';
import { LiveDatabaseReader } from './live-database.js';
import { NOTIFY_PORT, SCP_SCAMP_PORT, encodeIptagSetUseSender, encodeSdp, injectionHeader, isScpOk } from './sdp.js';

/** Host-side packing limits of `live_event_connection.py`. */
export const MAX_16BIT_KEYS_PER_PACKET = 127;
/** Host-side packing limit for 32-bit keys. */
export const MAX_32BIT_KEYS_PER_PACKET = 63;
/** `set_rates` packs at most 32 key+payload pairs per packet. */
export const MAX_RATES_PER_PACKET = 32;
/** IP tag refresh period (ms). */
export const TAG_REFRESH_MS = 10_000;

/** Options of a live connection. */
export interface LiveEventConnectionOptions {
  /** Labels whose spikes we receive. */
  readonly receiveLabels?: readonly string[];
  /** Labels we inject into. */
  readonly sendLabels?: readonly string[];
  /** Local address to bind (default 127.0.0.1). */
  readonly localHost?: string;
  /** Notify port (default 19999; 0 = ephemeral, for tests). */
  readonly notifyPort?: number;
  /** Board SCAMP port (default 17893; stand-ins on loopback may use another). */
  readonly boardPort?: number;
  /** Wait for the IPTAG SET OK this long (ms, default 1000). */
  readonly scpTimeoutMs?: number;
  /** Tag refresh period (ms, default 10 000). */
  readonly tagRefreshMs?: number;
  /** Warning sink (unknown keys, malformed packets). */
  readonly log?: (message: string) => void;
}

/** Receive callback: label, LPG timestamp (tick) or null, atom ids. */
export type ReceiveCallback = (label: string, time: number | null, atoms: readonly number[]) => void;

interface Sendable {
  readonly atomToKey: Map<number, number>;
  readonly x: number;
  readonly y: number;
  readonly p: number;
  readonly ip: string;
}

/** Host-side live event connection (see file comment). */
export class LiveEventConnection {
  private notify: Socket | undefined;
  private receiver: Socket | undefined;
  private reader: LiveDatabaseReader | undefined;
  private readonly keyToLabelAtom = new Map<number, { label: string; atom: number }>();
  private readonly senders = new Map<string, Sendable>();
  private readonly receiveCbs: ReceiveCallback[] = [];
  private readonly startCbs: (() => void)[] = [];
  private readonly stopCbs: (() => void)[] = [];
  private readonly dbCbs: ((reader: LiveDatabaseReader) => void)[] = [];
  private refreshTimer: ReturnType<typeof setInterval> | undefined;
  private tags: { board: string; tag: number; x: number; y: number }[] = [];
  private readonly warnedKeys = new Set<number>();
  private pendingScp: ((ok: boolean) => void) | undefined;
  private closed = false;
  /** Counters for reports: packets by kind and problems seen. */
  readonly stats = { packetsReceived: 0, spikesReceived: 0, malformed: 0, unknownKeys: 0, packetsSent: 0, tagRefreshes: 0 };
  private readonly o: Required<Omit<LiveEventConnectionOptions, 'log'>> & { log: (m: string) => void };

  constructor(opts: LiveEventConnectionOptions = {}) {
    this.o = {
      receiveLabels: opts.receiveLabels ?? [],
      sendLabels: opts.sendLabels ?? [],
      localHost: opts.localHost ?? '127.0.0.1',
      notifyPort: opts.notifyPort ?? NOTIFY_PORT,
      boardPort: opts.boardPort ?? SCP_SCAMP_PORT,
      scpTimeoutMs: opts.scpTimeoutMs ?? 1000,
      tagRefreshMs: opts.tagRefreshMs ?? TAG_REFRESH_MS,
      log: opts.log ?? (() => undefined),
    };
  }

  /** Binds the notify and receive sockets; returns the bound notify port. Idempotent. */
  async start(): Promise<number> {
    if (this.notify !== undefined) return this.notify.address().port;
    this.notify = createSocket('udp4');
    this.receiver = createSocket('udp4');
    this.notify.on('message', (msg, rinfo) => void this.onNotify(new Uint8Array(msg), rinfo.address, rinfo.port));
    this.receiver.on('message', (msg) => this.onData(new Uint8Array(msg)));
    await bind(this.notify, this.o.notifyPort, this.o.localHost);
    await bind(this.receiver, 0, this.o.localHost);
    return this.notify.address().port;
  }

  /** The bound notify port. */
  get notifyPort(): number {
    if (this.notify === undefined) throw new ValidationError('liveEventConnection', 'not started', 'start() first', 'await connection.start()');
    return this.notify.address().port;
  }

  /** Called with (label, tick, atoms) for each received packet of a receive label. */
  onReceive(cb: ReceiveCallback): void {
    this.receiveCbs.push(cb);
  }
  /** Called after START_RESUME, once the tags point at us. */
  onStart(cb: () => void): void {
    this.startCbs.push(cb);
  }
  /** Called on PAUSE_STOP. */
  onStop(cb: () => void): void {
    this.stopCbs.push(cb);
  }
  /** Called once the database is read (before the ACK is sent). */
  onDatabase(cb: (reader: LiveDatabaseReader) => void): void {
    this.dbCbs.push(cb);
  }

  /** Number of atoms of a label in the current database. */
  nAtoms(label: string): number {
    if (this.reader === undefined) throw new ValidationError('liveEventConnection', 'no database', 'a DATABASE notification first', 'wait for onDatabase');
    return this.reader.nAtoms(label);
  }

  /** Injects spikes of `atoms` of `label` (default 16-bit atom ids, like `send_spikes`). */
  sendSpikes(label: string, atoms: readonly number[], sendFullKeys = false): void {
    const s = this.sender(label);
    if (atoms.length === 0) return;
    if (sendFullKeys) {
      const keys = atoms.map((a) => {
        const k = s.atomToKey.get(a);
        if (k === undefined) throw new ValidationError(`sendSpikes.${label}.atoms`, a, `an atom of '${label}' (0..${s.atomToKey.size - 1})`, 'send only atoms of the population');
        return k;
      });
      this.sendChunks(s, EieioType.KEY_32_BIT, keys, null, MAX_32BIT_KEYS_PER_PACKET);
    } else {
      for (const a of atoms) {
        if (!s.atomToKey.has(a)) throw new ValidationError(`sendSpikes.${label}.atoms`, a, `an atom of '${label}' (0..${s.atomToKey.size - 1})`, 'send only atoms of the population');
      }
      this.sendChunks(s, EieioType.KEY_16_BIT, atoms, null, MAX_16BIT_KEYS_PER_PACKET);
    }
  }

  /** `SpynnakerPoissonControlConnection.set_rates`: rates (Hz) for atoms of `<label>_control`. */
  setRates(label: string, atomRates: readonly (readonly [number, number])[]): void {
    const control = `${label}_control`;
    const s = this.sender(control);
    const keys: number[] = [];
    const payloads: number[] = [];
    for (const [atom, rate] of atomRates) {
      const k = s.atomToKey.get(atom);
      if (k === undefined) throw new ValidationError(`setRates.${label}.atom`, atom, `an atom of '${control}'`, 'use atoms of the Poisson population');
      if (!(rate >= 0) || !Number.isFinite(rate) || rate * 32768 > 0xffffffff) throw new ValidationError(`setRates.${label}.rate`, rate, 'a finite rate ≥ 0 Hz within s16.15', 'give rates in Hz');
      keys.push(k);
      payloads.push(Math.round(rate * 32768));
    }
    this.sendChunks(s, EieioType.KEY_PAYLOAD_32_BIT, keys, payloads, MAX_RATES_PER_PACKET);
  }

  /** Closes sockets and timers. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.refreshTimer !== undefined) clearInterval(this.refreshTimer);
    this.reader?.close();
    await Promise.all([closeSocket(this.notify), closeSocket(this.receiver)]);
  }

  private sender(label: string): Sendable {
    const s = this.senders.get(label);
    if (s === undefined) throw new ValidationError('sendSpikes.label', label, `a send label with a database entry (${[...this.senders.keys()].join(', ') || 'none yet'})`, 'list it in sendLabels and wait for the database');
    return s;
  }

  private sendChunks(s: Sendable, type: EieioType, keys: readonly number[], payloads: readonly number[] | null, per: number): void {
    for (let i = 0; i < keys.length; i += per) {
      const eieio = encodeEieioData(eieioData({ type, keys: keys.slice(i, i + per), payloads: payloads === null ? null : payloads.slice(i, i + per) }));
      this.receiver?.send(encodeSdp(injectionHeader(s.x, s.y, s.p), eieio), this.o.boardPort, s.ip);
      this.stats.packetsSent++;
    }
  }

  private async onNotify(msg: Uint8Array, host: string, port: number): Promise<void> {
    let p;
    try {
      p = decodeEieio(msg);
    } catch (e) {
      this.stats.malformed++;
      this.o.log(`notification: ${(e as Error).message}`);
      return;
    }
    if (p.kind !== 'command') {
      this.stats.malformed++;
      this.o.log('notification: a data packet on the notify port');
      return;
    }
    try {
      if (p.command === EieioCommand.DATABASE) {
        const path = decodeDatabasePath(p);
        if (path === null) throw new ProtocolError('notification', 'DATABASE without a path');
        await this.readDatabase(path);
        this.notify?.send(encodeDatabaseLocation(), port, host);
      } else if (p.command === EieioCommand.START_RESUME_NOTIFICATION) {
        await this.pointTags();
        if (this.refreshTimer !== undefined) clearInterval(this.refreshTimer);
        this.refreshTimer = setInterval(() => void this.pointTags().catch((e: unknown) => this.o.log(`tag refresh: ${(e as Error).message}`)), this.o.tagRefreshMs);
        for (const cb of this.startCbs) cb();
      } else if (p.command === EieioCommand.STOP_PAUSE_NOTIFICATION) {
        if (this.refreshTimer !== undefined) clearInterval(this.refreshTimer);
        this.refreshTimer = undefined;
        for (const cb of this.stopCbs) cb();
      } else {
        throw new ProtocolError('notification', `unexpected command ${p.command} on the notify port`);
      }
    } catch (e) {
      this.stats.malformed++;
      this.o.log(`notification: ${(e as Error).message}`);
    }
  }

  private async readDatabase(path: string): Promise<void> {
    const bytes = await readFile(path);
    this.reader?.close();
    const r = await LiveDatabaseReader.open(new Uint8Array(bytes));
    this.reader = r;
    this.keyToLabelAtom.clear();
    this.senders.clear();
    this.tags = [];
    for (const label of this.o.receiveLabels) {
      const d = r.liveOutputDetails(label);
      if (d === undefined) throw new ProtocolError('database', `no live output for '${label}' in the database`);
      if (!d.stripSdp) throw new ProtocolError('database', `live output of '${label}' has strip_sdp=false (only strip_sdp=True is supported)`);
      if (!this.tags.some((t) => t.tag === d.tag && t.board === d.boardAddress)) this.tags.push({ board: d.boardAddress, tag: d.tag, x: d.chipX, y: d.chipY });
      for (const [atom, key] of r.atomToKey(label)) this.keyToLabelAtom.set(key, { label, atom });
    }
    const sendLabels: string[] = [];
    for (const l of this.o.sendLabels) {
      const plain = r.nAtoms(l) > 0;
      const control = r.nAtoms(`${l}_control`) > 0;
      if (!plain && !control) throw new ProtocolError('database', `send label '${l}' is neither a population nor a Poisson '${l}_control' in the database`);
      if (plain) sendLabels.push(l);
      if (control) sendLabels.push(`${l}_control`);
    }
    for (const label of sendLabels) {
      const pl = r.placements(label)[0];
      if (pl === undefined) throw new ProtocolError('database', `no placement for send label '${label}'`);
      const ip = r.ipAddress(pl.x, pl.y);
      if (ip === undefined) throw new ProtocolError('database', `no Ethernet IP for chip (${pl.x}, ${pl.y})`);
      this.senders.set(label, { atomToKey: r.atomToKey(label), ...pl, ip });
    }
    for (const cb of this.dbCbs) cb(r);
  }

  /** Re-points every receive tag at our receive socket and waits for each OK. */
  private async pointTags(): Promise<void> {
    for (const t of this.tags) {
      const ok = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.o.scpTimeoutMs);
        this.pendingScp = (v) => {
          clearTimeout(timer);
          resolve(v);
        };
      });
      this.receiver?.send(encodeIptagSetUseSender({ x: t.x, y: t.y, tag: t.tag }), this.o.boardPort, t.board);
      const got = await ok;
      this.pendingScp = undefined;
      if (!got) throw new ProtocolError('scp-timeout', `no OK to IPTAG SET of tag ${t.tag} from ${t.board}:${this.o.boardPort} within ${this.o.scpTimeoutMs} ms`);
      this.stats.tagRefreshes++;
    }
  }

  private onData(msg: Uint8Array): void {
    if (this.pendingScp !== undefined && msg.length === 18 && msg[0] === 0 && msg[1] === 0) {
      this.pendingScp(isScpOk(msg));
      return;
    }
    let p;
    try {
      p = decodeEieio(msg);
    } catch (e) {
      this.stats.malformed++;
      this.o.log(`live output: ${(e as Error).message}`);
      return;
    }
    if (p.kind !== 'data') return; // commands from the LPG (e.g. EVENT_STOP) carry no spikes
    this.stats.packetsReceived++;
    const time = p.payloadIsTime && p.payloadPrefix !== null ? p.payloadPrefix : null;
    const byLabel = new Map<string, number[]>();
    for (const el of eieioElements(p)) {
      const la = this.keyToLabelAtom.get(el.key);
      if (la === undefined) {
        this.stats.unknownKeys++;
        if (!this.warnedKeys.has(el.key)) {
          this.warnedKeys.add(el.key);
          this.o.log(`live output: key 0x${el.key.toString(16)} maps to no receive label`);
        }
        continue;
      }
      const list = byLabel.get(la.label) ?? byLabel.set(la.label, []).get(la.label)!;
      list.push(la.atom);
      this.stats.spikesReceived++;
    }
    for (const [label, atoms] of byLabel) for (const cb of this.receiveCbs) cb(label, time, atoms);
  }
}

function bind(s: Socket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.bind(port, host, () => {
      s.off('error', reject);
      resolve();
    });
  });
}

function closeSocket(s: Socket | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (s === undefined) return resolve();
    try {
      s.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
