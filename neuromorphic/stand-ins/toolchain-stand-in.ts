/**
 * A protocol-faithful stand-in for the sPyNNaker toolchain's side of live I/O (spec §1.3, §1.9):
 * writes the input/output sqlite database per the schema (one application vertex per population,
 * one machine vertex per core slice with its own base key, an LPG with an IP tag, chip (0,0) at
 * the board address), then runs the notification exchange with each registered external app:
 * `DATABASE + path` → wait for the `01 40` ACK (10 s default timeout) → START_RESUME … PAUSE_STOP.
 * Node-only (UDP, files).
 */
import { type Socket, createSocket } from 'node:dgram';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProtocolError } from '../../core/errors.js';
import { EieioCommand, decodeEieio, encodeDatabaseLocation, encodeEieioCommand } from '../spinnaker/eieio.js';
import { type CoreSlice, type LivePopulationDesc, writeLiveDatabase } from '../spinnaker/live-database.js';

/** Options of the toolchain stand-in. */
export interface ToolchainStandInOptions {
  /** Folder for `input_output_database.sqlite3`. */
  readonly dbDir: string;
  readonly populations: readonly LivePopulationDesc[];
  /** Board IP written as chip (0,0)'s Ethernet address. */
  readonly boardAddress?: string;
  /** Registered notification addresses (`register_database_notification_request`). */
  readonly notify: readonly { host: string; port: number }[];
  /** `wait_on_confirmation_timeout` in ms (default 10 000). */
  readonly confirmationTimeoutMs?: number;
  readonly machineTimeStepUs?: number;
  readonly runtimeMs?: number;
}

/** Toolchain stand-in (see file comment). */
export class ToolchainStandIn {
  private socket: Socket | undefined;
  private slicesCache: CoreSlice[] = [];
  private waiters: ((addr: string) => void)[] = [];
  /** Path of the database written by the last `writeDatabase`. */
  dbPath = '';

  constructor(private readonly o: ToolchainStandInOptions) {}

  /** Core slices (placement and base key per machine vertex) of the last database. */
  get slices(): readonly CoreSlice[] {
    return this.slicesCache;
  }

  /** Writes the database file and returns its path. */
  async writeDatabase(): Promise<string> {
    await mkdir(this.o.dbDir, { recursive: true });
    const { bytes, slices } = await writeLiveDatabase({
      machineTimeStepUs: this.o.machineTimeStepUs ?? 1000,
      runtimeMs: this.o.runtimeMs ?? -1,
      populations: this.o.populations,
      boardAddress: this.o.boardAddress ?? '127.0.0.1',
    });
    this.slicesCache = slices;
    this.dbPath = join(this.o.dbDir, 'input_output_database.sqlite3');
    await writeFile(this.dbPath, bytes);
    return this.dbPath;
  }

  /** Sends `DATABASE + path` to every registered app and waits for each ACK (or times out). */
  async notifyDatabase(): Promise<void> {
    const s = await this.sock();
    const pending = this.o.notify.map(
      (a) =>
        new Promise<void>((resolve, reject) => {
          const key = `${a.host}:${a.port}`;
          const timer = setTimeout(() => {
            this.waiters = this.waiters.filter((w) => w !== waiter);
            reject(new ProtocolError('notification-timeout', `no database ACK from ${key} within ${this.o.confirmationTimeoutMs ?? 10_000} ms (SpinnmanTimeoutException)`));
          }, this.o.confirmationTimeoutMs ?? 10_000);
          const waiter = (from: string): void => {
            if (from !== key) return;
            clearTimeout(timer);
            this.waiters = this.waiters.filter((w) => w !== waiter);
            resolve();
          };
          this.waiters.push(waiter);
        }),
    );
    for (const a of this.o.notify) s.send(encodeDatabaseLocation(this.dbPath), a.port, a.host);
    await Promise.all(pending);
  }

  /** Sends START_RESUME to every registered app. */
  async startResume(): Promise<void> {
    await this.broadcast(EieioCommand.START_RESUME_NOTIFICATION);
  }

  /** Sends PAUSE_STOP to every registered app. */
  async pauseStop(): Promise<void> {
    await this.broadcast(EieioCommand.STOP_PAUSE_NOTIFICATION);
  }

  /** Closes the socket. Idempotent. */
  async close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s !== undefined) await new Promise<void>((r) => s.close(() => r()));
  }

  private async broadcast(command: number): Promise<void> {
    const s = await this.sock();
    await Promise.all(this.o.notify.map((a) => new Promise<void>((r) => s.send(encodeEieioCommand(command), a.port, a.host, () => r()))));
  }

  private async sock(): Promise<Socket> {
    if (this.socket !== undefined) return this.socket;
    const s = createSocket('udp4');
    s.on('message', (msg, rinfo) => {
      try {
        const p = decodeEieio(new Uint8Array(msg));
        if (p.kind === 'command' && p.command === EieioCommand.DATABASE && p.data.length === 0) {
          for (const w of [...this.waiters]) w(`${rinfo.address}:${rinfo.port}`);
        }
      } catch {
        // a malformed reply is not an ACK; the timeout reports the failure
      }
    });
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
    this.socket = s;
    return s;
  }
}
