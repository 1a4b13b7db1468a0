/**
 * Transceiver functions: pure functions, with explicit state, that turn engine outputs into engine
 * inputs at sync points. They declare what they read and write by `engine.port`, so the bus can
 * check every connection at build time and name the port when one is missing or mistyped.
 */
import { ValidationError } from './errors.js';
import type { EventRecord, PortKind, PortValue } from './ports.js';
import type { Rng } from './random.js';
import type { TimeNs } from './time.js';

/** A timed protocol event of the current trial (times relative to the trial start). */
export interface TrialEvent {
  readonly type: string;
  readonly startNs: TimeNs;
  readonly endNs: TimeNs;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** The trial the bus is running (set by the experiment runner). */
export interface TrialInfo {
  readonly index: number;
  readonly phase: string;
  /** Index of the trial within its phase. */
  readonly indexInPhase: number;
  readonly startNs: TimeNs;
  readonly durationNs: TimeNs;
  readonly params: Readonly<Record<string, unknown>>;
  readonly events: readonly TrialEvent[];
}

/** What a transceiver function sees besides its inputs and state. */
export interface TransceiverContext {
  /** The sync point (absolute simulated ns). */
  readonly tNs: TimeNs;
  /** Time since the current trial started (= tNs when no trial is running). */
  readonly tInTrialNs: TimeNs;
  readonly trial: TrialInfo | undefined;
  /** The transceiver's own seeded random stream (reseeded with the bus). */
  readonly rng: Rng;
  /** The first event of `type` active at tInTrialNs, if any. */
  active(type: string): TrialEvent | undefined;
  /** Reports a notable condition (e.g. a clipped value) into the run's event log; never silent. */
  report(kind: string, detail: Readonly<Record<string, unknown>>): void;
}

/** Port references: a list of `engine.port`, or a record `engine.port → kind` to type-check at build. */
export type PortRefs = readonly string[] | Readonly<Record<string, PortKind>>;

/** Declaration of a transceiver. */
export interface TransceiverDesc<S> {
  readonly name: string;
  readonly reads: PortRefs;
  readonly writes: PortRefs;
  /** Creates the explicit state; called at bus init and at every reset. */
  readonly init?: () => S;
  /**
   * Maps the read values (keyed by `engine.port`) to values for some or all written ports (keyed
   * by `engine.port`). May mutate `state`; must not keep references to input arrays past the call.
   */
  readonly fn: (inputs: Readonly<Record<string, PortValue>>, state: S, ctx: TransceiverContext) => Readonly<Record<string, PortValue>>;
}

/** A validated transceiver. */
export interface Transceiver<S = unknown> extends TransceiverDesc<S> {
  readonly readRefs: readonly PortRef[];
  readonly writeRefs: readonly PortRef[];
}

/** A parsed `engine.port` reference with an optional expected kind. */
export interface PortRef {
  readonly key: string;
  readonly engine: string;
  readonly port: string;
  readonly kind: PortKind | undefined;
}

/** Validates a transceiver declaration (names, port reference syntax) and returns it. */
export function defineTransceiver<S = undefined>(desc: TransceiverDesc<S>): Transceiver<S> {
  if (typeof desc.name !== 'string' || desc.name.length === 0) {
    throw new ValidationError('transceiver.name', desc.name, 'a non-empty string', 'name every transceiver');
  }
  if (typeof desc.fn !== 'function') {
    throw new ValidationError(`transceiver '${desc.name}'.fn`, typeof desc.fn, 'a function', 'give fn(inputs, state, ctx)');
  }
  const readRefs = parseRefs(`transceiver '${desc.name}'.reads`, desc.reads);
  const writeRefs = parseRefs(`transceiver '${desc.name}'.writes`, desc.writes);
  if (writeRefs.length === 0) {
    throw new ValidationError(`transceiver '${desc.name}'.writes`, [], 'at least one engine.port', 'declare the ports the function writes');
  }
  return { ...desc, readRefs, writeRefs };
}

function parseRefs(field: string, refs: PortRefs): PortRef[] {
  const entries: [string, PortKind | undefined][] = Array.isArray(refs)
    ? (refs as readonly string[]).map((k) => [k, undefined])
    : Object.entries(refs as Record<string, PortKind>);
  const out: PortRef[] = [];
  const seen = new Set<string>();
  for (const [key, kind] of entries) {
    const m = /^([A-Za-z_][\w-]*)\.([A-Za-z_][\w.:-]*)$/.exec(key);
    if (m === null) {
      throw new ValidationError(field, key, "'engine.port' (e.g. 'body.joint_angles')", 'write the engine name, a dot, then the port name');
    }
    if (seen.has(key)) throw new ValidationError(field, key, 'each port once', 'remove the duplicate');
    seen.add(key);
    if (kind !== undefined && kind !== 'analog' && kind !== 'spikes' && kind !== 'events') {
      throw new ValidationError(`${field}.${key}`, kind, "'analog' | 'spikes' | 'events'", 'use a port kind');
    }
    out.push({ key, engine: m[1] as string, port: m[2] as string, kind });
  }
  return out;
}

/** Events-port helper: an array of records of one type. */
export function events(type: string, records: readonly Record<string, unknown>[] = [{}]): EventRecord[] {
  return records.map((r) => ({ ...r, type }));
}
