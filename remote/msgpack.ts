/**
 * The one seam to msgpackr. We load its `index-no-eval` build: the default build compiles record
 * readers with `new Function` from keys that arrive on the wire, and no code derived from network
 * input may ever be evaluated here. `useRecords:false` keeps frames plain msgpack (Python-readable);
 * typed arrays are never packed directly (G3), only Uint8Array bytes.
 */
import { createRequire } from 'node:module';

type MsgpackrModule = typeof import('msgpackr');
const require = createRequire(import.meta.url);
const msgpackr = require('msgpackr/index-no-eval') as MsgpackrModule;

const packr = new msgpackr.Packr({ useRecords: false, moreTypes: false, variableMapSize: true });
const unpackr = new msgpackr.Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number', structuredClone: false });

/** Packs a plain value (maps, arrays, strings, numbers, Uint8Array) to msgpack bytes. */
export function packFrame(value: unknown): Uint8Array {
  return packr.pack(value);
}

/** Unpacks msgpack bytes; throws on malformed input (callers turn that into a protocol error). */
export function unpackFrame(bytes: Uint8Array): unknown {
  return unpackr.unpack(bytes);
}
