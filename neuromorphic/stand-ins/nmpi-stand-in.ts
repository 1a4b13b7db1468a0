/**
 * A loopback stand-in for the EBRAINS neuromorphic job queue (NMPI v3, spec §2.3), user and
 * provider side: bearer-token auth (401 otherwise), POST /jobs/ (201 + AcceptedJob with
 * resource_uri), GET /jobs/{id}, GET /jobs/{id}/log, GET /jobs/next/{platform} (404 if none),
 * PUT /jobs/{id} (JobPatch: status, output_data, log), and file downloads under /files/. An
 * optional `executor` plays the hardware site: it takes each submitted job, marks it running,
 * produces output files and finishes it (or marks error with the log). Node-only (node:http).
 */
import { type Server, createServer } from 'node:http';
import type { NmpiJob, NmpiJobSubmission } from '../jobs/nmpi-client.js';

/** What the executor returns for a job. */
export interface StandInJobResult {
  readonly files: readonly { path: string; content: Uint8Array | string; contentType?: string }[];
  readonly log?: string;
}

/** Options of the NMPI stand-in. */
export interface NmpiStandInOptions {
  /** Bearer tokens accepted for users. */
  readonly tokens: readonly string[];
  /** Provider api keys (x-api-key). */
  readonly apiKeys?: readonly string[];
  /** Runs jobs automatically (as a hardware site would); throw to mark the job as error. */
  readonly executor?: (job: NmpiJobSubmission & { id: number }) => Promise<StandInJobResult>;
  /** Polls before a job leaves 'submitted' (default 1), to exercise the client's polling. */
  readonly pollsBeforeRun?: number;
}

interface StoredJob {
  job: Record<string, unknown> & { id: number; status: string };
  files: Map<string, { content: Uint8Array; contentType: string }>;
  polls: number;
}

/** NMPI stand-in server (see file comment). */
export class NmpiStandIn {
  private server: Server | undefined;
  private readonly jobs = new Map<number, StoredJob>();
  private nextId = 1;
  private base = '';
  /** Requests seen, for tests: method and path. */
  readonly requests: string[] = [];

  constructor(private readonly o: NmpiStandInOptions) {}

  /** Listens on 127.0.0.1 (ephemeral port); returns the base URL. */
  async listen(): Promise<string> {
    const srv = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8')).then(({ status, body, type }) => {
          res.writeHead(status, { 'Content-Type': type });
          res.end(body);
        });
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    this.server = srv;
    const addr = srv.address();
    this.base = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
    return this.base;
  }

  /** Stops the server. Idempotent. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s !== undefined) await new Promise<void>((r) => s.close(() => r()));
  }

  private async handle(method: string, url: string, headers: Record<string, string | string[] | undefined>, body: string): Promise<{ status: number; body: string | Uint8Array; type: string }> {
    this.requests.push(`${method} ${url}`);
    const json = (status: number, x: unknown) => ({ status, body: JSON.stringify(x), type: 'application/json' });
    const path = url.split('?')[0] ?? '/';
    const auth = String(headers.authorization ?? '');
    const user = auth.startsWith('Bearer ') && this.o.tokens.includes(auth.slice(7));
    const provider = typeof headers['x-api-key'] === 'string' && (this.o.apiKeys ?? []).includes(headers['x-api-key']);
    if (!user && !provider) return json(401, { detail: 'Not authenticated' });
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/jobs/') {
      let sub: NmpiJobSubmission;
      try {
        sub = JSON.parse(body) as NmpiJobSubmission;
      } catch {
        return json(400, { detail: 'body is not JSON' });
      }
      if (typeof sub.code !== 'string' || typeof sub.collab !== 'string' || typeof sub.hardware_platform !== 'string') {
        return json(422, { detail: 'code, collab and hardware_platform are required' });
      }
      const id = this.nextId++;
      const job = { ...sub, id, status: 'submitted', resource_uri: `/jobs/${id}`, timestamp_submission: new Date().toISOString(), output_data: null };
      this.jobs.set(id, { job, files: new Map(), polls: 0 });
      return json(201, job);
    }
    if (method === 'GET' && (m = /^\/jobs\/next\/([^/]+)$/.exec(path)) !== null) {
      if (!provider) return json(403, { detail: 'provider key required' });
      const platform = decodeURIComponent(m[1] ?? '');
      const j = [...this.jobs.values()].find((x) => x.job.status === 'submitted' && x.job.hardware_platform === platform);
      return j === undefined ? json(404, { detail: 'no queued job' }) : json(200, j.job);
    }
    if ((m = /^\/jobs\/(\d+)(\/log)?$/.exec(path)) !== null) {
      const j = this.jobs.get(Number(m[1]));
      if (j === undefined) return json(404, { detail: 'job not found' });
      if (method === 'GET' && m[2] === '/log') return { status: 200, body: String(j.job.log ?? ''), type: 'text/plain' };
      if (method === 'GET') {
        await this.maybeRun(j);
        return json(200, j.job);
      }
      if (method === 'PUT') {
        if (!provider) return json(403, { detail: 'provider key required' });
        Object.assign(j.job, JSON.parse(body) as object);
        return json(200, j.job);
      }
    }
    if (method === 'GET' && (m = /^\/files\/(\d+)\/(.+)$/.exec(path)) !== null) {
      const f = this.jobs.get(Number(m[1]))?.files.get(decodeURIComponent(m[2] ?? ''));
      return f === undefined ? json(404, { detail: 'no such file' }) : { status: 200, body: f.content, type: f.contentType };
    }
    return json(404, { detail: `no route ${method} ${path}` });
  }

  private async maybeRun(j: StoredJob): Promise<void> {
    const ex = this.o.executor;
    if (ex === undefined || j.job.status !== 'submitted') return;
    if (++j.polls <= (this.o.pollsBeforeRun ?? 1)) return;
    j.job.status = 'running';
    try {
      const r = await ex(j.job as unknown as NmpiJobSubmission & { id: number });
      const files = r.files.map((f) => {
        const content = typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content;
        j.files.set(f.path, { content, contentType: f.contentType ?? 'application/octet-stream' });
        return { url: `${this.base}/files/${j.job.id}/${encodeURIComponent(f.path)}`, path: f.path, content_type: f.contentType ?? 'application/octet-stream', size: content.length, hash: '' };
      });
      Object.assign(j.job, { status: 'finished', output_data: { repository: 'Fake repository used for testing', files }, log: r.log ?? '' } satisfies Partial<NmpiJob>);
    } catch (e) {
      Object.assign(j.job, { status: 'error', log: String((e as Error).message) });
    }
  }
}
