/**
 * Port kinds and values. Every engine declares named inputs and outputs; transceivers connect
 * them by `engine.port`. Values are plain typed arrays so kernels never allocate to read them.
 */
import { ValidationError } from './errors.js';

/** Analog port: a Float64Array of fixed shape (row-major), e.g. joint angles or a depth image. */
export interface AnalogPortDecl {
  readonly kind: 'analog';
  readonly shape: readonly number[];
  /** Physical unit of each element, e.g. 'rad', 'nA', 'Hz'. */
  readonly unit?: string;
  readonly description?: string;
}
/** Spike port: spikes of a population of `size` neurons. */
export interface SpikesPortDecl {
  readonly kind: 'spikes';
  readonly size: number;
  readonly description?: string;
}
/** Events port: small JSON-able records, e.g. `{type: 'puff', intensity: 1}`. */
export interface EventsPortDecl {
  readonly kind: 'events';
  readonly description?: string;
}
export type PortDecl = AnalogPortDecl | SpikesPortDecl | EventsPortDecl;
export type PortKind = PortDecl['kind'];

/** Declared inputs and outputs of an engine. */
export interface PortSpec {
  readonly inputs: Readonly<Record<string, PortDecl>>;
  readonly outputs: Readonly<Record<string, PortDecl>>;
}

/**
 * Spikes emitted during one step: neuron indices and absolute spike times (ns, integer-valued,
 * on the engine's grid or exact). Only the first `count` entries are valid, so engines can reuse
 * preallocated buffers; consumers must copy what they keep past the current sync point.
 */
export interface SpikeBatch {
  readonly ids: Int32Array;
  readonly timesNs: Float64Array;
  readonly count: number;
}
/** A JSON-able event record. */
export interface EventRecord {
  readonly type: string;
  readonly [key: string]: unknown;
}
export type AnalogValue = Float64Array;
export type EventsValue = readonly EventRecord[];
export type PortValue = AnalogValue | SpikeBatch | EventsValue;

/** Values by port name. Inputs may omit ports nobody writes; outputs must give every declared port. */
export type Inputs = Readonly<Record<string, PortValue>>;
export type Outputs = Readonly<Record<string, PortValue>>;

/** Number of elements of an analog shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** An empty spike batch (shared, immutable by convention). */
export const NO_SPIKES: SpikeBatch = Object.freeze({ ids: new Int32Array(0), timesNs: new Float64Array(0), count: 0 });

/** Builds a spike batch from plain arrays (copies). */
export function spikeBatch(ids: ArrayLike<number>, timesNs: ArrayLike<number>): SpikeBatch {
  if (ids.length !== timesNs.length) {
    throw new ValidationError('spikes.timesNs', timesNs.length, `${ids.length} times (one per id)`, 'give one time per neuron id');
  }
  return { ids: Int32Array.from(ids), timesNs: Float64Array.from(timesNs), count: ids.length };
}

/** True if `v` looks like a SpikeBatch. */
export function isSpikeBatch(v: unknown): v is SpikeBatch {
  return (
    typeof v === 'object' && v !== null && (v as SpikeBatch).ids instanceof Int32Array &&
    (v as SpikeBatch).timesNs instanceof Float64Array && typeof (v as SpikeBatch).count === 'number'
  );
}

/**
 * Checks a value against its declaration; throws a ValidationError naming `where` (e.g.
 * `brain.inputs.current`) and the fix. Used by engines on their inputs and by the bus on outputs.
 */
export function checkPortValue(where: string, decl: PortDecl, v: unknown): void {
  switch (decl.kind) {
    case 'analog': {
      if (!(v instanceof Float64Array)) {
        throw new ValidationError(where, typeName(v), `a Float64Array of shape [${decl.shape.join(', ')}]`, 'pass a Float64Array');
      }
      const n = shapeSize(decl.shape);
      if (v.length !== n) {
        throw new ValidationError(where, `length ${v.length}`, `length ${n} (shape [${decl.shape.join(', ')}])`, 'match the declared shape');
      }
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as number;
        if (x !== x || x === Infinity || x === -Infinity) {
          throw new ValidationError(`${where}[${i}]`, x, 'a finite number', 'find where the NaN/Inf came from upstream');
        }
      }
      return;
    }
    case 'spikes': {
      if (!isSpikeBatch(v)) {
        throw new ValidationError(where, typeName(v), 'a SpikeBatch {ids: Int32Array, timesNs: Float64Array, count}', 'use spikeBatch(ids, times)');
      }
      if (v.count < 0 || v.count > v.ids.length || v.count > v.timesNs.length) {
        throw new ValidationError(`${where}.count`, v.count, `0..${Math.min(v.ids.length, v.timesNs.length)}`, 'count must not exceed the array lengths');
      }
      for (let i = 0; i < v.count; i++) {
        const id = v.ids[i] as number;
        if (id < 0 || id >= decl.size) {
          throw new ValidationError(`${where}.ids[${i}]`, id, `a neuron index in [0, ${decl.size})`, 'index neurons of the target population from 0');
        }
      }
      return;
    }
    case 'events': {
      if (!Array.isArray(v)) throw new ValidationError(where, typeName(v), 'an array of {type: string, ...} records', 'pass an array');
      for (let i = 0; i < v.length; i++) {
        const e = v[i] as unknown;
        if (typeof e !== 'object' || e === null || typeof (e as EventRecord).type !== 'string') {
          throw new ValidationError(`${where}[${i}]`, e, 'a record with a string `type`', 'add a type field');
        }
      }
      return;
    }
  }
}

/** Initial/neutral value for a port (zeros, no spikes, no events). */
export function emptyValue(decl: PortDecl): PortValue {
  switch (decl.kind) {
    case 'analog':
      return new Float64Array(shapeSize(decl.shape));
    case 'spikes':
      return NO_SPIKES;
    case 'events':
      return [];
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v as object).constructor?.name ?? 'object';
}
