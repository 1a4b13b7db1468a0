/**
 * EIEIO (SpiNNaker's event packet format): encode and decode of data packets (all four types,
 * key prefix, payload prefix, timestamps) and command packets, byte-exact with SpiNNMan
 * (`spinnman/messages/eieio/*`, see specs/neuromorphic.md §1.1–1.2 and data/eieio_vectors.json).
 *
 * Wire layout (little-endian): u16 header, [u16 key prefix if P], [payload prefix if D: u16 for
 * 16-bit types, u32 for 32-bit types], then `count` elements (key, and payload for KP types).
 * Header bits: 15 P, 14 F (prefix upper), 13 D, 12 T (payload is timestamp), 11-10 type,
 * 9-8 tag, 7-0 count. Bits 15-14 = 01 mark a command packet (low 14 bits = command id).
 *
 * Pure code over Uint8Array/DataView: no Node APIs, so it also runs in a browser.
 */
import { ProtocolError, ValidationError } from '../../core/errors.js';

/** The four EIEIO data packet types (header bits 11-10). */
export const EieioType = {
  KEY_16_BIT: 0,
  KEY_PAYLOAD_16_BIT: 1,
  KEY_32_BIT: 2,
  KEY_PAYLOAD_32_BIT: 3,
} as const;
/** One of the EIEIO data packet types. */
export type EieioType = (typeof EieioType)[keyof typeof EieioType];

/** Names of the EIEIO types as SpiNNMan spells them. */
export const EIEIO_TYPE_NAMES = ['KEY_16_BIT', 'KEY_PAYLOAD_16_BIT', 'KEY_32_BIT', 'KEY_PAYLOAD_32_BIT'] as const;

/** EIEIO command ids (`spinnman/constants.py::EIEIO_COMMAND_IDS`). */
export const EieioCommand = {
  DATABASE: 1,
  EVENT_PADDING: 2,
  EVENT_STOP: 3,
  STOP_SENDING_REQUESTS: 4,
  START_SENDING_REQUESTS: 5,
  SPINNAKER_REQUEST_BUFFERS: 6,
  HOST_SEND_SEQUENCED_DATA: 7,
  SPINNAKER_REQUEST_READ_DATA: 8,
  HOST_DATA_READ: 9,
  STOP_PAUSE_NOTIFICATION: 10,
  START_RESUME_NOTIFICATION: 11,
  HOST_DATA_READ_ACK: 12,
} as const;

/** Maximum EIEIO payload bytes in one UDP message (`UDP_MESSAGE_MAX_SIZE`, excluding headers). */
export const UDP_MESSAGE_MAX_SIZE = 256;
/** Maximum database path length in a DATABASE notification (`MAX_DATABASE_PATH_LENGTH`). */
export const MAX_DATABASE_PATH_LENGTH = 50_000;

/**
 * A decoded/encodable EIEIO data packet. Keys and payloads are the raw on-wire values (not yet
 * combined with prefixes); use {@link eieioElements} for SpiNNMan's resolved view.
 */
export interface EieioDataPacket {
  readonly kind: 'data';
  readonly type: EieioType;
  /** Tag 0..3 (always 0 on the live paths). */
  readonly tag: number;
  /** 16-bit key prefix (P=1) or null. */
  readonly keyPrefix: number | null;
  /** Prefix type: false = LOWER_HALF_WORD, true = UPPER_HALF_WORD (bit F). */
  readonly prefixUpper: boolean;
  /** Payload prefix (D=1), 16 or 32 bits per type, or null. */
  readonly payloadPrefix: number | null;
  /** Bit T: payloads (or the payload prefix) are timestamps. */
  readonly payloadIsTime: boolean;
  /** Raw keys, 16 or 32 bits. */
  readonly keys: readonly number[];
  /** Raw per-element payloads for KP types (same length as keys), else null. */
  readonly payloads: readonly number[] | null;
}

/** An EIEIO command packet: a command id and the bytes that follow the header. */
export interface EieioCommandPacket {
  readonly kind: 'command';
  readonly command: number;
  readonly data: Uint8Array;
}

/** Any EIEIO packet. */
export type EieioPacket = EieioDataPacket | EieioCommandPacket;

/** A key with its resolved payload, as SpiNNMan's `next_element` gives it. */
export interface EieioElement {
  readonly key: number;
  readonly payload: number | null;
}

/** Bytes per key (= per payload) of a type. */
export function keyBytes(type: EieioType): 2 | 4 {
  return type === EieioType.KEY_16_BIT || type === EieioType.KEY_PAYLOAD_16_BIT ? 2 : 4;
}

/** True for the key+payload types. */
export function hasPayloads(type: EieioType): boolean {
  return type === EieioType.KEY_PAYLOAD_16_BIT || type === EieioType.KEY_PAYLOAD_32_BIT;
}

/** Options to build a data packet; omitted fields default as in SpiNNMan. */
export interface EieioDataOptions {
  readonly type: EieioType;
  readonly keys?: readonly number[];
  readonly payloads?: readonly number[] | null;
  readonly tag?: number;
  readonly keyPrefix?: number | null;
  readonly prefixUpper?: boolean;
  readonly payloadPrefix?: number | null;
  readonly payloadIsTime?: boolean;
  /** SpiNNMan's `timestamp=` shortcut: sets the payload prefix and T=1. */
  readonly timestamp?: number;
}

/** Builds a data packet value (validated on encode). */
export function eieioData(o: EieioDataOptions): EieioDataPacket {
  const ts = o.timestamp;
  return {
    kind: 'data',
    type: o.type,
    tag: o.tag ?? 0,
    keyPrefix: o.keyPrefix ?? null,
    prefixUpper: o.prefixUpper ?? false,
    payloadPrefix: ts !== undefined ? ts : o.payloadPrefix ?? null,
    payloadIsTime: ts !== undefined ? true : o.payloadIsTime ?? false,
    keys: o.keys ?? [],
    payloads: o.payloads ?? null,
  };
}

/** Size in bytes of the encoded packet. */
export function eieioDataSize(p: EieioDataPacket): number {
  const kb = keyBytes(p.type);
  const elem = hasPayloads(p.type) ? 2 * kb : kb;
  return 2 + (p.keyPrefix !== null ? 2 : 0) + (p.payloadPrefix !== null ? kb : 0) + p.keys.length * elem;
}

/**
 * Encodes a data packet; invalid field values throw a ValidationError naming the field.
 * `maxBytes` bounds the element bytes (default UDP_MESSAGE_MAX_SIZE = 256, so ≤ 64 32-bit keys).
 */
export function encodeEieioData(p: EieioDataPacket, opts: { maxBytes?: number } = {}): Uint8Array {
  checkUint('eieio.type', p.type, 3);
  checkUint('eieio.tag', p.tag, 3);
  const kb = keyBytes(p.type);
  const max = kb === 2 ? 0xffff : 0xffffffff;
  const n = p.keys.length;
  if (n > 255) throw new ValidationError('eieio.keys.length', n, 'at most 255 elements per packet', 'split the events over several packets');
  if (p.keyPrefix !== null) checkUint('eieio.keyPrefix', p.keyPrefix, 0xffff);
  if (p.payloadPrefix !== null) checkUint('eieio.payloadPrefix', p.payloadPrefix, max);
  const kp = hasPayloads(p.type);
  if (kp) {
    if (p.payloads === null || p.payloads.length !== n) {
      throw new ValidationError('eieio.payloads', p.payloads === null ? null : p.payloads.length, `${n} payloads (one per key) for ${EIEIO_TYPE_NAMES[p.type]}`, 'give one payload per key');
    }
  } else if (p.payloads !== null) {
    throw new ValidationError('eieio.payloads', p.payloads.length, `null for ${EIEIO_TYPE_NAMES[p.type]} (no per-key payloads)`, 'use a KEY_PAYLOAD type or a payload prefix');
  }
  const size = eieioDataSize(p);
  const elementBytes = n * (kp ? 2 * kb : kb);
  const maxBytes = opts.maxBytes ?? UDP_MESSAGE_MAX_SIZE;
  if (elementBytes > maxBytes) {
    throw new ValidationError('eieio.keys.length', n, `at most ${maxBytes} bytes of elements (UDP_MESSAGE_MAX_SIZE; got ${elementBytes})`, 'split the events over several packets');
  }
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  const header =
    (p.keyPrefix !== null ? 1 << 15 : 0) |
    (p.prefixUpper ? 1 << 14 : 0) |
    (p.payloadPrefix !== null ? 1 << 13 : 0) |
    (p.payloadIsTime ? 1 << 12 : 0) |
    (p.type << 10) |
    (p.tag << 8) |
    n;
  if ((header & 0xc000) === 0x4000) {
    throw new ValidationError('eieio.prefixUpper', true, 'a key prefix when the prefix type is UPPER (P=0, F=1 is a command header)', 'set keyPrefix or prefixUpper=false');
  }
  dv.setUint16(0, header, true);
  let o = 2;
  if (p.keyPrefix !== null) {
    dv.setUint16(o, p.keyPrefix, true);
    o += 2;
  }
  if (p.payloadPrefix !== null) {
    o = put(dv, o, kb, p.payloadPrefix);
  }
  for (let i = 0; i < n; i++) {
    const k = p.keys[i] as number;
    checkUint(`eieio.keys[${i}]`, k, max);
    o = put(dv, o, kb, k);
    if (kp) {
      const v = (p.payloads as readonly number[])[i] as number;
      checkUint(`eieio.payloads[${i}]`, v, max);
      o = put(dv, o, kb, v);
    }
  }
  return out;
}

/** Encodes a command packet: header `0x4000 | command`, then `data` verbatim. */
export function encodeEieioCommand(command: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkUint('eieio.command', command, 0x3fff);
  const out = new Uint8Array(2 + data.length);
  new DataView(out.buffer).setUint16(0, 0x4000 | command, true);
  out.set(data, 2);
  return out;
}

/** `NotificationProtocolDatabaseLocation(path)`: DATABASE header + UTF-8 path; without path = the ACK. */
export function encodeDatabaseLocation(path?: string): Uint8Array {
  if (path === undefined) return encodeEieioCommand(EieioCommand.DATABASE);
  if (path.length > MAX_DATABASE_PATH_LENGTH) {
    throw new ValidationError('database.path', `${path.length} characters`, `at most ${MAX_DATABASE_PATH_LENGTH}`, 'use a shorter path');
  }
  return encodeEieioCommand(EieioCommand.DATABASE, new TextEncoder().encode(path));
}

/** True if the first two bytes are a command header (bits 15-14 = 01). */
export function isEieioCommand(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && (((bytes[1] as number) << 8) & 0xc000) === 0x4000;
}

/**
 * Decodes any EIEIO packet. Malformed input (short, truncated, trailing bytes, bad command data)
 * throws a ProtocolError; never anything else.
 */
export function decodeEieio(bytes: Uint8Array): EieioPacket {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('eieio-type', 'expected a Uint8Array');
  if (bytes.length < 2) throw new ProtocolError('eieio-short', `packet of ${bytes.length} bytes is shorter than the 2-byte header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = dv.getUint16(0, true);
  if ((header & 0xc000) === 0x4000) {
    return { kind: 'command', command: header & 0x3fff, data: bytes.slice(2) };
  }
  const type = ((header >> 10) & 3) as EieioType;
  const kb = keyBytes(type);
  const kp = hasPayloads(type);
  const n = header & 0xff;
  let o = 2;
  let keyPrefix: number | null = null;
  let payloadPrefix: number | null = null;
  if (header & 0x8000) {
    need(bytes, o, 2, 'key prefix');
    keyPrefix = dv.getUint16(o, true);
    o += 2;
  }
  if (header & 0x2000) {
    need(bytes, o, kb, 'payload prefix');
    payloadPrefix = get(dv, o, kb);
    o += kb;
  }
  const elem = kp ? 2 * kb : kb;
  const expected = o + n * elem;
  if (bytes.length < expected) {
    throw new ProtocolError('eieio-truncated', `${EIEIO_TYPE_NAMES[type]} packet says ${n} elements (${expected} bytes) but has ${bytes.length} bytes`);
  }
  if (bytes.length > expected) {
    throw new ProtocolError('eieio-trailing', `${EIEIO_TYPE_NAMES[type]} packet of ${n} elements should be ${expected} bytes, got ${bytes.length}`);
  }
  const keys: number[] = new Array<number>(n);
  const payloads: number[] | null = kp ? new Array<number>(n) : null;
  for (let i = 0; i < n; i++) {
    keys[i] = get(dv, o, kb);
    o += kb;
    if (payloads !== null) {
      payloads[i] = get(dv, o, kb);
      o += kb;
    }
  }
  return {
    kind: 'data',
    type,
    tag: (header >> 8) & 3,
    keyPrefix,
    prefixUpper: (header & 0x4000) !== 0,
    payloadPrefix,
    payloadIsTime: (header & 0x1000) !== 0,
    keys,
    payloads,
  };
}

/** Decodes a DATABASE command's path (UTF-8); null for the bare ACK. Invalid UTF-8 → ProtocolError. */
export function decodeDatabasePath(p: EieioCommandPacket): string | null {
  if (p.command !== EieioCommand.DATABASE) throw new ProtocolError('eieio-command', `expected DATABASE (1), got command ${p.command}`);
  if (p.data.length === 0) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(p.data);
  } catch {
    throw new ProtocolError('eieio-database-path', 'DATABASE path is not valid UTF-8');
  }
}

/**
 * Elements as SpiNNMan's Python decoder resolves them: UPPER prefix → `key | prefix << 16`,
 * LOWER prefix → `key | prefix` (no shift); payload prefix ORed into each payload, or used as
 * the payload of every key for types without per-key payloads.
 */
export function eieioElements(p: EieioDataPacket): EieioElement[] {
  const out: EieioElement[] = [];
  for (let i = 0; i < p.keys.length; i++) {
    let key = p.keys[i] as number;
    if (p.keyPrefix !== null) key = (p.prefixUpper ? key | (p.keyPrefix << 16) : key | p.keyPrefix) >>> 0;
    let payload: number | null = p.payloads === null ? null : (p.payloads[i] as number);
    if (p.payloadPrefix !== null) payload = payload === null ? p.payloadPrefix : (payload | p.payloadPrefix) >>> 0;
    out.push({ key, payload });
  }
  return out;
}

/**
 * The multicast key the C injector (`reverse_iptag_multicast_source.c`) emits for a key of this
 * packet, given the injector's configured prefix (UPPER, full word) when the packet has none.
 * For 16-bit keys with an in-packet LOWER prefix the C code computes `key << 16 | prefix`
 * (it disagrees with the Python decoder, spec §1.1); UPPER prefix gives `prefix << 16 | key`.
 */
export function injectorKey(p: EieioDataPacket, rawKey: number, injectorPrefix: number): number {
  const kb = keyBytes(p.type);
  if (p.keyPrefix !== null) {
    if (kb === 2) {
      return (p.prefixUpper ? (p.keyPrefix << 16) | rawKey : (rawKey << 16) | p.keyPrefix) >>> 0;
    }
    return (p.prefixUpper ? rawKey | (p.keyPrefix << 16) : rawKey | p.keyPrefix) >>> 0;
  }
  return (rawKey | injectorPrefix) >>> 0;
}

function checkUint(field: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new ValidationError(field, v, `an integer in [0, ${max}]`, 'keep keys/payloads within the packet type width');
  }
}

function need(bytes: Uint8Array, o: number, n: number, what: string): void {
  if (bytes.length < o + n) throw new ProtocolError('eieio-truncated', `packet ends before its ${what} (${bytes.length} bytes)`);
}

function put(dv: DataView, o: number, kb: 2 | 4, v: number): number {
  if (kb === 2) dv.setUint16(o, v, true);
  else dv.setUint32(o, v, true);
  return o + kb;
}

function get(dv: DataView, o: number, kb: 2 | 4): number {
  return kb === 2 ? dv.getUint16(o, true) : dv.getUint32(o, true);
}
