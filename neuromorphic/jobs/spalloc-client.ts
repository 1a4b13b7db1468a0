/**
 * Client of classic spalloc (spec §2.1): newline-delimited JSON over TCP (default port 22244).
 * Requests `{"command", "args", "kwargs"}`; replies `{"return": v}` or `{"exception": msg}`; any
 * other object is a notification (e.g. `{"jobs_changed": [..]}`) and is queued. Node-only.
 */
import { type Socket, connect } from 'node:net';
import { ProtocolError, ValidationError } from '../../core/errors.js';

/** Default spalloc port. */
export const SPALLOC_PORT = 22244;
/** Job states (SpiNNMan spalloc_state.py numbering). */
export const SpallocJobState = { UNKNOWN: 0, QUEUED: 1, POWER: 2, READY: 3, DESTROYED: 4 } as const;
/** Largest line we accept from a server (bytes). */
export const SPALLOC_MAX_LINE = 1 << 20;

/** spalloc TCP client (see file comment). */
export class SpallocClient {
  private sock: Socket | undefined;
  private buf = '';
  private pending: { resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  /** Notifications received (in order). */
  readonly notifications: Record<string, unknown>[] = [];

  constructor(private readonly host: string, private readonly port = SPALLOC_PORT, private readonly timeoutMs = 10_000) {}

  /** Opens the TCP connection. */
  async connect(): Promise<void> {
    const s = connect(this.port, this.host);
    s.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve);
      s.once('error', reject);
    });
    s.on('data', (d: string) => this.onData(d));
    s.on('error', (e) => this.fail(new ProtocolError('spalloc-socket', e.message)));
    s.on('close', () => this.fail(new ProtocolError('spalloc-closed', 'connection closed')));
    this.sock = s;
  }

  /** Sends one command and waits for its return (calls are serialised, as the protocol requires). */
  call(command: string, args: readonly unknown[] = [], kwargs: Readonly<Record<string, unknown>> = {}): Promise<unknown> {
    const run = async (): Promise<unknown> => {
      if (this.sock === undefined) throw new ProtocolError('spalloc-closed', 'not connected');
      const p = new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new ProtocolError('spalloc-timeout', `no reply to ${command} within ${this.timeoutMs} ms`)), this.timeoutMs);
        this.pending = {
          resolve: (v) => { clearTimeout(timer); resolve(v); },
          reject: (e) => { clearTimeout(timer); reject(e); },
        };
      });
      this.sock.write(`${JSON.stringify({ command, args, kwargs })}\n`);
      try {
        return await p;
      } finally {
        this.pending = undefined;
      }
    };
    const r = this.chain.then(run, run);
    this.chain = r.catch(() => undefined);
    return r;
  }

  /** `version()`. */
  version(): Promise<string> {
    return this.call('version') as Promise<string>;
  }
  /** `create_job(*args, owner=..., **kw)`; owner is mandatory. Returns the job id. */
  async createJob(owner: string, args: readonly number[] = [1], kw: Readonly<Record<string, unknown>> = {}): Promise<number> {
    if (!owner) throw new ValidationError('spalloc.owner', owner, 'a non-empty owner (e-mail or user name)', 'pass owner');
    const id = await this.call('create_job', args, { ...kw, owner });
    if (typeof id !== 'number') throw new ProtocolError('spalloc-reply', 'create_job did not return a job id');
    return id;
  }
  /** `job_keepalive(job_id)`. */
  jobKeepalive(id: number): Promise<unknown> {
    return this.call('job_keepalive', [id]);
  }
  /** `get_job_state(job_id)`. */
  getJobState(id: number): Promise<{ state: number; [k: string]: unknown }> {
    return this.call('get_job_state', [id]) as Promise<{ state: number }>;
  }
  /** `get_job_machine_info(job_id)`. */
  getJobMachineInfo(id: number): Promise<{ width: number; height: number; connections: [[number, number], string][]; machine_name: string; [k: string]: unknown }> {
    return this.call('get_job_machine_info', [id]) as Promise<{ width: number; height: number; connections: [[number, number], string][]; machine_name: string }>;
  }
  /** `destroy_job(job_id, reason)`. */
  destroyJob(id: number, reason = 'finished'): Promise<unknown> {
    return this.call('destroy_job', [id, reason]);
  }
  /** `notify_job(job_id)`. */
  notifyJob(id: number | null): Promise<unknown> {
    return this.call('notify_job', [id]);
  }
  /** `list_jobs()`. */
  listJobs(): Promise<unknown[]> {
    return this.call('list_jobs') as Promise<unknown[]>;
  }

  /** Polls get_job_state until READY (or DESTROYED → error), keeping the job alive. */
  async waitUntilReady(id: number, pollMs = 200, timeoutMs = 60_000): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      const s = await this.getJobState(id);
      if (s.state === SpallocJobState.READY) return;
      if (s.state === SpallocJobState.DESTROYED) throw new ProtocolError('spalloc-destroyed', `job ${id} was destroyed: ${String(s.reason ?? '')}`);
      if (Date.now() - t0 > timeoutMs) throw new ProtocolError('spalloc-timeout', `job ${id} not READY within ${timeoutMs} ms`);
      await this.jobKeepalive(id);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Closes the connection. Idempotent. */
  close(): void {
    this.sock?.destroy();
    this.sock = undefined;
  }

  private onData(d: string): void {
    this.buf += d;
    if (this.buf.length > SPALLOC_MAX_LINE && !this.buf.includes('\n')) {
      this.fail(new ProtocolError('spalloc-oversize', `line longer than ${SPALLOC_MAX_LINE} bytes`));
      this.close();
      return;
    }
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      if (line.trim() === '') continue;
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        this.fail(new ProtocolError('spalloc-json', `malformed line: ${line.slice(0, 80)}`));
        continue;
      }
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
        this.fail(new ProtocolError('spalloc-json', 'a line that is not a JSON object'));
        continue;
      }
      const m = msg as Record<string, unknown>;
      if ('return' in m) this.pending?.resolve(m.return);
      else if ('exception' in m) this.pending?.reject(new ProtocolError('spalloc-exception', String(m.exception)));
      else this.notifications.push(m);
    }
  }

  private fail(e: Error): void {
    this.pending?.reject(e);
  }
}
