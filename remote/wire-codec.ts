/**
 * Port values ⇄ wire values. Float64Array/Int32Array travel as `{dtype, shape, bytes}` with
 * little-endian bytes; decoding copies into a fresh aligned array after checking that the byte
 * count matches the shape, so a hostile frame can never make us allocate more than it carried.
 */
import { ProtocolError } from '../core/errors.js';
import { type Outputs, type PortSpec, type PortValue, type Inputs, type SpikeBatch, checkPortValue, isSpikeBatch, NO_SPIKES } from '../core/ports.js';
import type { WireArray, WireDtype, WirePortValue } from './protocol.js';

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
if (!LITTLE_ENDIAN) throw new Error('neuroloop remote/: big-endian hosts are not supported (wire bytes are little-endian)');

const ITEM_BYTES: Record<WireDtype, number> = { float64: 8, int32: 4 };

/** Encodes a typed array view (no copy of the bytes). */
export function encodeArray(a: Float64Array | Int32Array, shape: readonly number[] = [a.length]): WireArray {
  return {
    dtype: a instanceof Float64Array ? 'float64' : 'int32',
    shape,
    bytes: new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
  };
}

/** Decodes a wire array, checking dtype, shape and byte count; copies into an aligned array. */
export function decodeArray(where: string, w: WireArray, dtype: WireDtype): Float64Array | Int32Array {
  if (w.dtype !== dtype) throw new ProtocolError('malformed', `${where}: dtype '${String(w.dtype)}', expected '${dtype}'`);
  let n = 1;
  for (const d of w.shape) n *= d;
  if (n * ITEM_BYTES[dtype] !== w.bytes.byteLength) {
    throw new ProtocolError('malformed', `${where}: ${w.bytes.byteLength} bytes do not match shape [${w.shape.join(', ')}] of ${dtype}`);
  }
  const copy = new Uint8Array(w.bytes.byteLength);
  copy.set(w.bytes);
  return dtype === 'float64' ? new Float64Array(copy.buffer) : new Int32Array(copy.buffer);
}

/** Encodes one port value; spike batches send only their first `count` entries. */
export function encodePortValue(v: PortValue): WirePortValue {
  if (v instanceof Float64Array) return { kind: 'analog', data: encodeArray(v) };
  if (isSpikeBatch(v)) {
    return { kind: 'spikes', ids: encodeArray(v.ids.subarray(0, v.count)), timesNs: encodeArray(v.timesNs.subarray(0, v.count)) };
  }
  if (Array.isArray(v)) return { kind: 'events', events: v as Record<string, unknown>[] };
  throw new ProtocolError('malformed', `cannot encode a port value of type ${typeof v}`);
}

/** Decodes one port value (structure only; the declaration check is the engine's/caller's). */
export function decodePortValue(where: string, w: WirePortValue): PortValue {
  switch (w.kind) {
    case 'analog':
      return decodeArray(`${where}.data`, w.data, 'float64') as Float64Array;
    case 'spikes': {
      const ids = decodeArray(`${where}.ids`, w.ids, 'int32') as Int32Array;
      const timesNs = decodeArray(`${where}.timesNs`, w.timesNs, 'float64') as Float64Array;
      if (ids.length !== timesNs.length) throw new ProtocolError('malformed', `${where}: ${ids.length} ids but ${timesNs.length} times`);
      if (ids.length === 0) return NO_SPIKES;
      const b: SpikeBatch = { ids, timesNs, count: ids.length };
      return b;
    }
    case 'events':
      return w.events as PortValue;
  }
}

/** Encodes a record of port values. */
export function encodeValues(values: Readonly<Record<string, PortValue>>): Record<string, WirePortValue> {
  const out: Record<string, WirePortValue> = {};
  for (const k of Object.keys(values)) out[k] = encodePortValue(values[k] as PortValue);
  return out;
}

/** Decodes inputs (the engine validates them against its declarations). */
export function decodeInputs(wire: Readonly<Record<string, WirePortValue>>): Inputs {
  const out: Record<string, PortValue> = {};
  for (const k of Object.keys(wire)) out[k] = decodePortValue(`inputs.${k}`, wire[k] as WirePortValue);
  return out;
}

/**
 * Decodes outputs and checks them against the declared output ports: every port present, nothing
 * undeclared, each value valid for its declaration. A bad frame is a ProtocolError naming the port.
 */
export function decodeOutputs(engine: string, ports: PortSpec, wire: Readonly<Record<string, WirePortValue>>): Outputs {
  const out: Record<string, PortValue> = {};
  for (const k of Object.keys(wire)) {
    const decl = ports.outputs[k];
    if (decl === undefined) throw new ProtocolError('malformed', `${engine}: output '${k}' is not a declared output port`);
    const v = decodePortValue(`${engine}.outputs.${k}`, wire[k] as WirePortValue);
    try {
      checkPortValue(`${engine}.outputs.${k}`, decl, v);
    } catch (e) {
      throw new ProtocolError('malformed', (e as Error).message);
    }
    out[k] = v;
  }
  for (const k of Object.keys(ports.outputs)) {
    if (!(k in out)) throw new ProtocolError('malformed', `${engine}: output '${k}' missing from the frame`);
  }
  return out;
}
