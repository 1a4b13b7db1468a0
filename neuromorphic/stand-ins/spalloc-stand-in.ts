/**
 * A loopback stand-in for a classic spalloc server (JSON lines over TCP, spec §2.1): version,
 * create_job (owner mandatory), job_keepalive, get_job_state (QUEUED → POWER → READY on successive
 * polls), get_job_machine_info (one board at 127.0.0.1 unless configured), destroy_job, list_jobs,
 * notify_job (pushes `{"jobs_changed": [id]}` on state changes). Unknown commands and malformed
 * lines get `{"exception": ...}`. The return dict layouts follow spalloc's documentation; the
 * spec marks them as not read from source (gap). Node-only (node:net).
 */
import { type Server, type Socket, createServer } from 'node:net';
import { SpallocJobState } from '../jobs/spalloc-client.js';

interface Job { id: number; owner: string; args: unknown[]; state: number; polls: number; keepalive: number; reason: string | null }

/** spalloc stand-in server (see file comment). */
export class SpallocStandIn {
  private server: Server | undefined;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private readonly watchers = new Map<Socket, Set<number | null>>();

  constructor(private readonly boardHost = '127.0.0.1') {}

  /** Listens on 127.0.0.1 (ephemeral); returns the port. */
  async listen(): Promise<number> {
    const srv = createServer((s) => this.onConnection(s));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    this.server = srv;
    const a = srv.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }

  /** Stops the server and drops connections. Idempotent. */
  async close(): Promise<void> {
    for (const s of this.watchers.keys()) s.destroy();
    const srv = this.server;
    this.server = undefined;
    if (srv !== undefined) await new Promise<void>((r) => srv.close(() => r()));
  }

  private onConnection(s: Socket): void {
    this.watchers.set(s, new Set());
    s.setEncoding('utf8');
    let buf = '';
    s.on('data', (d: string) => {
      buf += d;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        s.write(`${JSON.stringify(this.reply(s, line))}\n`);
      }
    });
    s.on('close', () => this.watchers.delete(s));
    s.on('error', () => this.watchers.delete(s));
  }

  private reply(s: Socket, line: string): Record<string, unknown> {
    let req: { command?: unknown; args?: unknown; kwargs?: unknown };
    try {
      req = JSON.parse(line) as typeof req;
    } catch {
      return { exception: 'malformed JSON' };
    }
    const args = Array.isArray(req.args) ? (req.args as unknown[]) : [];
    const kw = (typeof req.kwargs === 'object' && req.kwargs !== null ? req.kwargs : {}) as Record<string, unknown>;
    const job = (): Job | undefined => this.jobs.get(Number(args[0]));
    switch (req.command) {
      case 'version':
        return { return: '0.4.0 (neuroloop stand-in)' };
      case 'create_job': {
        if (typeof kw.owner !== 'string' || kw.owner === '') return { exception: 'owner must be specified for all jobs' };
        const id = this.nextId++;
        this.jobs.set(id, { id, owner: kw.owner, args, state: SpallocJobState.QUEUED, polls: 0, keepalive: Number(kw.keepalive ?? 60), reason: null });
        return { return: id };
      }
      case 'job_keepalive':
        return job() ? { return: null } : { exception: 'no such job' };
      case 'get_job_state': {
        const j = job();
        if (j === undefined) return { return: { state: SpallocJobState.UNKNOWN, power: null, keepalive: null, reason: null, start_time: null } };
        if (j.state === SpallocJobState.QUEUED || j.state === SpallocJobState.POWER) {
          j.polls++;
          const next = j.polls >= 2 ? SpallocJobState.READY : SpallocJobState.POWER;
          if (next !== j.state) {
            j.state = next;
            this.notify(j.id);
          }
        }
        return { return: { state: j.state, power: j.state === SpallocJobState.READY, keepalive: j.keepalive, reason: j.reason, start_time: 0 } };
      }
      case 'get_job_machine_info': {
        const j = job();
        if (j === undefined || j.state !== SpallocJobState.READY) return { return: { width: null, height: null, connections: null, machine_name: null, boards: null } };
        return { return: { width: 8, height: 8, connections: [[[0, 0], this.boardHost]], machine_name: 'stand-in', boards: [[0, 0, 0]] } };
      }
      case 'destroy_job': {
        const j = job();
        if (j === undefined) return { exception: 'no such job' };
        j.state = SpallocJobState.DESTROYED;
        j.reason = String(args[1] ?? '');
        this.notify(j.id);
        return { return: null };
      }
      case 'notify_job':
        this.watchers.get(s)?.add(args[0] === null || args[0] === undefined ? null : Number(args[0]));
        return { return: null };
      case 'list_jobs':
        return { return: [...this.jobs.values()].filter((j) => j.state !== SpallocJobState.DESTROYED).map((j) => ({ job_id: j.id, owner: j.owner, state: j.state, args: j.args })) };
      default:
        return { exception: `unknown command ${JSON.stringify(req.command)}` };
    }
  }

  private notify(id: number): void {
    for (const [s, ids] of this.watchers) if (ids.has(id) || ids.has(null)) s.write(`${JSON.stringify({ jobs_changed: [id] })}\n`);
  }
}
