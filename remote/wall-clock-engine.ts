/**
 * Extra contract of engines that live on their own wall clock (a physical robot, the robot
 * stand-in): they cannot be replayed, accept any later `to` (a sync point that arrives late is
 * sampled late, and the lateness is reported), and can resync after a reconnect.
 */
import type { Engine } from '../core/engine.js';
import type { Outputs } from '../core/ports.js';
import type { TimeNs } from '../core/time.js';

/** An engine on its own wall clock. */
export interface WallClockEngine extends Engine {
  readonly realtime: true;
  /** How late (µs) the last sample was taken against its wall-clock deadline. */
  readonly lastLateUs: number;
  /** Current time and outputs without stepping, for a client that reconnects. */
  resync(): { readonly tNs: TimeNs; readonly outputs: Outputs };
  /** Safe state between sessions (e.g. zero torques); called when a client ends its session. */
  halt?(): void;
}

/** True if `e` is a WallClockEngine. */
export function isWallClockEngine(e: Engine): e is WallClockEngine {
  return (e as Partial<WallClockEngine>).realtime === true && typeof (e as Partial<WallClockEngine>).resync === 'function';
}
