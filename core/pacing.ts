/**
 * Pacing of the bus: as fast as possible (the default; deterministic, no wall-clock timers), or
 * real time with a factor, with overrun accounting and a policy. Host yields are macrotasks, not
 * timers, so sockets and signals get served during long afap runs.
 */
import { NeuroloopError, ValidationError } from './errors.js';

/** How the bus paces simulated time against the wall clock. */
export type PacingOptions =
  | { readonly mode: 'afap' }
  | {
      readonly mode: 'realtime';
      /** Simulated seconds per wall second (1 = wall clock, 0.5 = half speed). */
      readonly factor?: number;
      /** What to do when a sync point is reached later than `toleranceMs` after its deadline. */
      readonly overrun?: 'warn' | 'abort';
      /** Lateness (wall ms) counted as an overrun; default one step of the fastest engine. */
      readonly toleranceMs?: number;
    };

/** Thrown by realtime pacing with the `abort` policy. */
export class RealtimeOverrunError extends NeuroloopError {
  constructor(readonly simTimeNs: number, readonly latenessMs: number, readonly toleranceMs: number) {
    super(`real-time overrun at t=${simTimeNs / 1e6} ms: ${latenessMs.toFixed(3)} ms late (tolerance ${toleranceMs} ms); policy 'abort'`);
  }
}

/** Validates pacing options. */
export function checkPacing(p: PacingOptions): void {
  if (p.mode === 'afap') return;
  if (p.mode !== 'realtime') {
    throw new ValidationError('pacing.mode', (p as { mode: unknown }).mode, "'afap' or 'realtime'", 'pick a pacing mode');
  }
  if (p.factor !== undefined && !(p.factor > 0 && Number.isFinite(p.factor))) {
    throw new ValidationError('pacing.factor', p.factor, 'a positive finite number', 'use 1 for wall-clock speed');
  }
  if (p.overrun !== undefined && p.overrun !== 'warn' && p.overrun !== 'abort') {
    throw new ValidationError('pacing.overrun', p.overrun, "'warn' or 'abort'", 'pick an overrun policy');
  }
  if (p.toleranceMs !== undefined && !(p.toleranceMs >= 0)) {
    throw new ValidationError('pacing.toleranceMs', p.toleranceMs, 'a non-negative number', 'give the allowed lateness in ms');
  }
}

let channel: MessageChannel | undefined;
const waiters: (() => void)[] = [];
type SetImmediate = (cb: () => void) => unknown;
const setImmediateFn: SetImmediate | undefined = (globalThis as { setImmediate?: SetImmediate }).setImmediate;

/**
 * Resolves on the next macrotask, letting timers, sockets and signals run, without a timer.
 * Node: setImmediate (runs after the poll phase, so I/O and signals are served). Browsers:
 * a MessageChannel message (a task, unlike a microtask).
 */
export function yieldToHost(): Promise<void> {
  if (setImmediateFn !== undefined) return new Promise((resolve) => setImmediateFn(resolve));
  if (channel === undefined) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const w = waiters.shift();
      if (w !== undefined) w();
    };
  }
  return new Promise((resolve) => {
    waiters.push(resolve);
    channel?.port2.postMessage(0);
  });
}

/** Waits until `performance.now() >= deadlineMs`: a timer for the bulk, then macrotask yields. */
export async function waitUntil(deadlineMs: number): Promise<void> {
  let remaining = deadlineMs - performance.now();
  if (remaining > 2) {
    await new Promise((r) => setTimeout(r, remaining - 1.5));
  }
  remaining = deadlineMs - performance.now();
  while (remaining > 0) {
    await yieldToHost();
    remaining = deadlineMs - performance.now();
  }
}
