/**
 * The run folder (DESIGN.md §6), written as the run goes so a crash keeps what was recorded:
 *   experiment.json   the resolved experiment (params, protocol, engines, seed, versions, git commit)
 *   status.json       {state: running|completed|failed|interrupted, error?, simTimeNs, wallMs, trialsDone}
 *   recording/index.json + recording/<engine>.<port>.ndjson (one chunk per line) + trials.ndjson
 *   metrics.json, timing.json, plots/, report.html
 * Readers ignore a truncated last line, so a killed run stays readable up to its last chunk.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../core/errors.js';
import type { RecordingSink, StreamInfo } from '../../core/recorder.js';

/** Run states written to status.json. */
export type RunState = 'running' | 'completed' | 'failed' | 'interrupted';

/** Contents of status.json. */
export interface RunStatus {
  readonly state: RunState;
  readonly simTimeNs: number;
  readonly wallMs: number;
  readonly trialsDone: number;
  readonly trialsTotal: number;
  readonly error?: { readonly name: string; readonly message: string; readonly engine?: string; readonly timeNs?: number };
}

/** Writes a run folder; also a RecordingSink for the recorder. */
export class RunFolder implements RecordingSink {
  readonly dir: string;
  private readonly recDir: string;
  private readonly files = new Map<string, string>();
  private readonly index: StreamInfo[] = [];

  constructor(dir: string) {
    this.dir = resolve(dir);
    if (existsSync(join(this.dir, 'status.json'))) {
      throw new ValidationError('--out', dir, 'a new or empty folder', 'choose another --out folder or delete the old run');
    }
    this.recDir = join(this.dir, 'recording');
    mkdirSync(this.recDir, { recursive: true });
    mkdirSync(join(this.dir, 'plots'), { recursive: true });
  }

  /** Writes a JSON file atomically (temp + rename). */
  writeJson(name: string, value: unknown): void {
    const p = join(this.dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(`${p}.tmp`, `${JSON.stringify(value, null, 1)}\n`);
    renameSync(`${p}.tmp`, p);
  }

  /** Writes a text file. */
  writeText(name: string, text: string): void {
    const p = join(this.dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }

  /** Updates status.json. */
  status(s: RunStatus): void {
    this.writeJson('status.json', s);
  }

  /** Appends one line to recording/trials.ndjson. */
  trial(record: Readonly<Record<string, unknown>>): void {
    appendFileSync(join(this.recDir, 'trials.ndjson'), `${JSON.stringify(record)}\n`);
  }

  open(stream: StreamInfo): void {
    const file = `${stream.key}.ndjson`;
    this.files.set(stream.key, join(this.recDir, file));
    this.index.push({ ...stream, file } as StreamInfo);
    writeFileSync(join(this.recDir, file), '');
    this.writeIndex();
  }

  append(key: string, line: string): void {
    const f = this.files.get(key);
    if (f === undefined) throw new ValidationError('recording stream', key, 'an opened stream', 'open() it first');
    appendFileSync(f, `${line}\n`);
  }

  private writeIndex(): void {
    const p = join(this.recDir, 'index.json');
    writeFileSync(`${p}.tmp`, `${JSON.stringify({ streams: this.index }, null, 1)}\n`);
    renameSync(`${p}.tmp`, p);
  }
}

/** A recorded stream read back into memory. */
export interface StreamData {
  readonly info: StreamInfo & { readonly file: string };
  /** Sample/spike/event times (run-global ns). */
  readonly t: number[];
  /** Analog: row-major values; spikes: neuron ids. */
  readonly values: number[];
  /** Events: records. */
  readonly events: unknown[];
  /** True if a truncated final line was dropped (the run was killed mid-write). */
  readonly truncated: boolean;
}

/** Reads recording/index.json of a run folder. */
export function readStreamIndex(runDir: string): (StreamInfo & { file: string })[] {
  const p = join(runDir, 'recording', 'index.json');
  if (!existsSync(p)) throw new ValidationError('run folder', runDir, 'a folder with recording/index.json', 'pass a run folder written by `neuroloop run`');
  return (JSON.parse(readFileSync(p, 'utf8')) as { streams: (StreamInfo & { file: string })[] }).streams;
}

/** Reads one stream (`engine.port`) of a run folder. */
export function readStream(runDir: string, key: string): StreamData {
  const info = readStreamIndex(runDir).find((s) => s.key === key);
  if (info === undefined) throw new ValidationError('stream', key, 'a recorded engine.port', `see ${join(runDir, 'recording', 'index.json')}`);
  const { lines, truncated } = readLines(join(runDir, 'recording', info.file));
  const t: number[] = [];
  const values: number[] = [];
  const events: unknown[] = [];
  for (const chunk of lines as { t: number[]; v?: number[]; id?: number[]; e?: unknown[] }[]) {
    for (const x of chunk.t) t.push(x);
    for (const x of chunk.v ?? chunk.id ?? []) values.push(x);
    for (const x of chunk.e ?? []) events.push(x);
  }
  return { info, t, values, events, truncated };
}

/** Reads recording/trials.ndjson. */
export function readTrials(runDir: string): Record<string, unknown>[] {
  const p = join(runDir, 'recording', 'trials.ndjson');
  if (!existsSync(p)) return [];
  return readLines(p).lines as Record<string, unknown>[];
}

/** Parses an NDJSON file, dropping a truncated (unparseable) last line. */
export function readLines(path: string): { lines: unknown[]; truncated: boolean } {
  const text = readFileSync(path, 'utf8');
  const parts = text.split('\n');
  const lines: unknown[] = [];
  let truncated = false;
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i] as string;
    if (s.length === 0) continue;
    try {
      lines.push(JSON.parse(s));
    } catch (err) {
      if (i === parts.length - 1) truncated = true;
      else throw new ValidationError(`${path}:${i + 1}`, s.slice(0, 40), 'a JSON line', 'the file is corrupt in the middle; only the last line may be truncated');
    }
  }
  return { lines, truncated };
}

/** Package and runtime versions, and the git commit of the checkout if there is one. */
export function provenance(): { versions: Record<string, string>; gitCommit: string | null } {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const versions: Record<string, string> = { node: process.version };
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };
    versions.neuroloop = pkg.version;
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const p = join(root, 'node_modules', dep, 'package.json');
      if (existsSync(p)) versions[dep] = (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version;
    }
  } catch {
    // versions stay partial; provenance must never fail a run
  }
  let gitCommit: string | null = null;
  try {
    gitCommit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    gitCommit = null;
  }
  return { versions, gitCommit };
}

/** Lists sub-folders of `runsDir` that look like run folders. */
export function listRuns(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir).filter((d) => existsSync(join(runsDir, d, 'status.json'))).sort();
}
