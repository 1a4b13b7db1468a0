/**
 * Client of the EBRAINS Neuromorphic job queue (NMPI v3, spec §2.3): submit a PyNN script to a
 * hardware platform (SpiNNaker, BrainScaleS-2, ...), poll until finished or error, fetch outputs.
 * REST + JSON with `Authorization: Bearer <EBRAINS token>`, over the global `fetch` (Node ≥ 18).
 * Non-2xx replies and malformed bodies give a ProtocolError naming the status/field.
 */
import { ProtocolError, ValidationError } from '../../core/errors.js';

/** Default service base. */
export const NMPI_BASE_URL = 'https://nmpi-v3.hbpneuromorphic.eu';

/** Hardware platforms accepted by the queue. */
export type NmpiPlatform = 'SpiNNaker' | 'BrainScaleS' | 'BrainScaleS-2' | 'Spikey';

/** Job status values. */
export type NmpiStatus = 'submitted' | 'validated' | 'running' | 'mapped' | 'finished' | 'error' | 'removed';

/** A job submission (field names as the API spells them). */
export interface NmpiJobSubmission {
  /** Script text, a git/zip URL, or `drive://<collab>/path`. */
  readonly code: string;
  /** e.g. `run.py {system}`. */
  readonly command?: string;
  readonly collab: string;
  readonly hardware_platform: NmpiPlatform;
  readonly hardware_config?: Readonly<Record<string, unknown>>;
  readonly input_data?: readonly { url: string }[];
  readonly tags?: readonly string[];
}

/** An output file record. */
export interface NmpiFile {
  readonly url: string;
  readonly path: string;
  readonly content_type?: string;
  readonly size?: number;
  readonly hash?: string;
}

/** A job as the queue returns it (fields we use; others kept). */
export interface NmpiJob {
  readonly id: number;
  readonly status: NmpiStatus;
  readonly resource_uri?: string;
  readonly output_data?: { readonly repository?: string; readonly files: readonly NmpiFile[] } | null;
  readonly log?: string;
  readonly [key: string]: unknown;
}

/** Options of the client. */
export interface NmpiClientOptions {
  readonly token: string;
  readonly baseUrl?: string;
  /** Poll interval (ms); the reference client polls every 2 s. */
  readonly pollMs?: number;
}

const STATUSES: readonly string[] = ['submitted', 'validated', 'running', 'mapped', 'finished', 'error', 'removed'];

/** NMPI v3 client (see file comment). */
export class NmpiClient {
  private readonly base: string;
  constructor(private readonly o: NmpiClientOptions) {
    if (typeof o.token !== 'string' || o.token.length === 0) throw new ValidationError('nmpi.token', o.token, 'an EBRAINS IAM bearer token', 'pass the token of the EBRAINS session');
    this.base = (o.baseUrl ?? NMPI_BASE_URL).replace(/\/$/, '');
  }

  /** POST /jobs/ → the accepted job (201). */
  async submitJob(job: NmpiJobSubmission): Promise<NmpiJob> {
    if (!job.code) throw new ValidationError('nmpi.job.code', job.code, 'script text or a URL', 'give the PyNN script');
    return checkJob(await this.request('POST', '/jobs/', job, [201]), 'POST /jobs/');
  }

  /** GET /jobs/{id}. */
  async getJob(id: number, withLog = false): Promise<NmpiJob> {
    return checkJob(await this.request('GET', `/jobs/${id}?with_log=${withLog}&with_comments=true`, undefined, [200]), `GET /jobs/${id}`);
  }

  /** Polls until `finished` or `error` (or `timeoutMs`). */
  async waitForJob(id: number, timeoutMs = 3_600_000): Promise<NmpiJob> {
    const t0 = Date.now();
    for (;;) {
      const j = await this.getJob(id);
      if (j.status === 'finished' || j.status === 'error' || j.status === 'removed') return j;
      if (Date.now() - t0 > timeoutMs) throw new ProtocolError('nmpi-timeout', `job ${id} still '${j.status}' after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, this.o.pollMs ?? 2000));
    }
  }

  /** GET /jobs/{id}/log (plain text). */
  async getLog(id: number): Promise<string> {
    return (await this.request('GET', `/jobs/${id}/log`, undefined, [200], 'text')) as string;
  }

  /** Downloads an output file by its URL (with the bearer token). */
  async download(file: NmpiFile): Promise<Uint8Array> {
    const r = await fetch(file.url, { headers: { Authorization: `Bearer ${this.o.token}` } });
    if (r.status !== 200) throw new ProtocolError('nmpi-http', `download ${file.path}: HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  }

  private async request(method: string, path: string, body: unknown, ok: number[], kind: 'json' | 'text' = 'json'): Promise<unknown> {
    const r = await fetch(this.base + path, {
      method,
      headers: { Authorization: `Bearer ${this.o.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    if (!ok.includes(r.status)) {
      const why = r.status === 401 ? 'token rejected' : r.status === 403 ? 'forbidden (quota or collab access)' : r.status === 404 ? 'not found' : 'unexpected status';
      throw new ProtocolError('nmpi-http', `${method} ${path}: HTTP ${r.status} (${why}): ${text.slice(0, 200)}`);
    }
    if (kind === 'text') return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ProtocolError('nmpi-body', `${method} ${path}: body is not JSON`);
    }
  }
}

function checkJob(x: unknown, where: string): NmpiJob {
  const j = x as NmpiJob;
  if (typeof j !== 'object' || j === null || typeof j.id !== 'number' || !STATUSES.includes(j.status)) {
    throw new ProtocolError('nmpi-body', `${where}: not a job record (need numeric id and a known status)`);
  }
  return j;
}
