/**
 * Starts a host script (serve-main, the robot stand-in, a Python engine) in a child process and
 * waits for the JSON line with its url. Node-only helper for tests, benches and the CLI.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A host running in a child process. */
export interface ChildHost {
  readonly url: string;
  readonly child: ChildProcess;
  /** First JSON line printed by the child. */
  readonly info: Readonly<Record<string, unknown>>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the child exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `cmd args` and resolves with the url from its first stdout JSON line. */
export function spawnHost(cmd: string, args: readonly string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ChildHost> {
  const child = spawn(cmd, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} printed no url within ${opts.timeoutMs ?? 30_000} ms; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', (line) => {
      clearTimeout(timer);
      let info: Record<string, unknown>;
      try {
        info = JSON.parse(line) as Record<string, unknown>;
      } catch {
        child.kill('SIGKILL');
        reject(new Error(`host printed '${line.slice(0, 200)}' instead of a JSON line; stderr: ${stderr}`));
        return;
      }
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      resolve({
        url: String(info.url),
        child,
        info,
        async stop(graceMs = 3000): Promise<void> {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(t);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before printing its url; stderr: ${stderr}`));
    });
  });
}
