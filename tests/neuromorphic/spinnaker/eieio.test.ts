/**
 * EIEIO codec against every vector produced by SpiNNMan's own encoder
 * (../shared/data/eieio_vectors.json), plus property tests: random packets round-trip
 * byte-exactly, and malformed/random bytes give a ProtocolError and nothing else.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProtocolError, ValidationError } from '../../../core/errors.js';
import { Rng } from '../../../core/random.js';
import {
  EIEIO_TYPE_NAMES, EieioCommand, type EieioDataPacket, type EieioType, decodeDatabasePath, decodeEieio, eieioData,
  eieioElements, encodeDatabaseLocation, encodeEieioCommand, encodeEieioData, injectorKey, isEieioCommand,
} from '../../../neuromorphic/spinnaker/eieio.js';
import {
  decodeIptagSet, decodeScpRequest, decodeSdp, encodeIptagSetUseSender, encodeScpOk, encodeSdp, injectionHeader, isScpOk,
} from '../../../neuromorphic/spinnaker/sdp.js';

interface Vector {
  name: string;
  kind: string;
  hex: string;
  create_args?: { eieio_type: string; timestamp?: number; key_prefix?: number; prefix_type?: string; payload_prefix?: number };
  keys?: number[] | null;
  key_payload_pairs?: [number, number][] | null;
  decoded_by_read_eieio_data_message?: {
    type: string; tag: number; count: number; prefix: number | null; prefix_type: string; payload_base: number | null; is_time: boolean;
    elements: { key: number; payload: number | null }[];
  };
  command_id?: number;
  path?: string;
}
const vectors = (JSON.parse(readFileSync(new URL('../../../../shared/data/eieio_vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] }).vectors;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const byName = (n: string): Vector => {
  const v = vectors.find((x) => x.name === n);
  if (v === undefined) throw new Error(`vector ${n} missing`);
  return v;
};

describe('EIEIO data packets vs SpiNNMan vectors', () => {
  const data = vectors.filter((v) => v.kind === 'eieio-data');
  it('has all data vectors', () => expect(data.length).toBe(7));
  for (const v of data) {
    it(`${v.name}: encodes byte-exactly and decodes as SpiNNMan does`, () => {
      const a = v.create_args!;
      const type = EIEIO_TYPE_NAMES.indexOf(a.eieio_type as (typeof EIEIO_TYPE_NAMES)[number]) as EieioType;
      const pkt = eieioData({
        type,
        keys: v.keys ?? v.key_payload_pairs!.map((p) => p[0]),
        payloads: v.key_payload_pairs ? v.key_payload_pairs.map((p) => p[1]) : null,
        ...(a.timestamp !== undefined ? { timestamp: a.timestamp } : {}),
        ...(a.key_prefix !== undefined ? { keyPrefix: a.key_prefix, prefixUpper: a.prefix_type === 'UPPER_HALF_WORD' } : {}),
        ...(a.payload_prefix !== undefined ? { payloadPrefix: a.payload_prefix } : {}),
      });
      expect(hex(encodeEieioData(pkt))).toBe(v.hex);
      const d = decodeEieio(unhex(v.hex));
      expect(d.kind).toBe('data');
      const dd = d as EieioDataPacket;
      const ref = v.decoded_by_read_eieio_data_message!;
      expect(EIEIO_TYPE_NAMES[dd.type]).toBe(ref.type);
      expect(dd.tag).toBe(ref.tag);
      expect(dd.keys.length).toBe(ref.count);
      expect(dd.keyPrefix).toBe(ref.prefix);
      expect(dd.prefixUpper ? 'UPPER_HALF_WORD' : 'LOWER_HALF_WORD').toBe(ref.prefix_type);
      expect(dd.payloadPrefix).toBe(ref.payload_base);
      expect(dd.payloadIsTime).toBe(ref.is_time);
      expect(eieioElements(dd)).toEqual(ref.elements);
      expect(hex(encodeEieioData(dd))).toBe(v.hex);
    });
  }
  it('C injector rule differs from Python for a 16-bit LOWER prefix (spec §1.1)', () => {
    const d = decodeEieio(unhex(byName('16bit_keys_lower_prefix').hex)) as EieioDataPacket;
    expect(d.keys.map((k) => injectorKey(d, k, 0))).toEqual([0x00010100, 0x00020100]);
    expect(eieioElements(d).map((e) => e.key)).toEqual([0x101, 0x102]);
    const ids = decodeEieio(unhex(byName('16bit_atom_ids_no_prefix').hex)) as EieioDataPacket;
    expect(ids.keys.map((k) => injectorKey(ids, k, 0x00010000))).toEqual([0x10000, 0x10001, 0x10002, 0x1012c]);
  });
});

describe('EIEIO command packets vs vectors', () => {
  it('DATABASE location with path, and the bare ACK', () => {
    const v = byName('cmd_database_location');
    expect(hex(encodeDatabaseLocation(v.path))).toBe(v.hex);
    const d = decodeEieio(unhex(v.hex));
    expect(d.kind).toBe('command');
    if (d.kind !== 'command') return;
    expect(d.command).toBe(EieioCommand.DATABASE);
    expect(decodeDatabasePath(d)).toBe(v.path);
    expect(hex(encodeDatabaseLocation())).toBe(byName('cmd_database_ack').hex);
    const ack = decodeEieio(unhex('0140'));
    expect(ack.kind === 'command' && decodeDatabasePath(ack)).toBe(null);
  });
  for (const n of ['cmd_start_resume', 'cmd_stop_pause', 'cmd_header_EVENT_STOP', 'cmd_header_HOST_DATA_READ_ACK']) {
    it(`${n}`, () => {
      const v = byName(n);
      expect(hex(encodeEieioCommand(v.command_id!))).toBe(v.hex);
      const d = decodeEieio(unhex(v.hex));
      expect(d).toMatchObject({ kind: 'command', command: v.command_id });
      expect(isEieioCommand(unhex(v.hex))).toBe(true);
    });
  }
  it('named ids match the vectors', () => {
    expect(EieioCommand.START_RESUME_NOTIFICATION).toBe(byName('cmd_start_resume').command_id);
    expect(EieioCommand.STOP_PAUSE_NOTIFICATION).toBe(byName('cmd_stop_pause').command_id);
  });
  it('invalid UTF-8 in a DATABASE path is a protocol error', () => {
    const d = decodeEieio(unhex('0140ff'));
    expect(() => decodeDatabasePath(d as never)).toThrow(ProtocolError);
  });
});

describe('SDP and SCP framing vs vectors', () => {
  it('host→board injection datagram to core (0,1,3)', () => {
    const v = byName('udp_datagram_send_16bit_atoms_to_core_0_1_3');
    const eieio = encodeEieioData(eieioData({ type: 0, keys: [0, 1, 2] }));
    expect(hex(encodeSdp(injectionHeader(0, 1, 3), eieio))).toBe(v.hex);
    const d = decodeSdp(unhex(v.hex));
    expect(d.header).toMatchObject({ destX: 0, destY: 1, destCpu: 3, destPort: 1, flags: 7 });
    expect((decodeEieio(d.payload) as EieioDataPacket).keys).toEqual([0, 1, 2]);
  });
  it('SCP IPTAG SET use_sender tag 1 on chip (0,0)', () => {
    const v = byName('scp_iptag_set_use_sender_tag1_chip00');
    const b = encodeIptagSetUseSender({ x: 0, y: 0, tag: 1 });
    expect(hex(b)).toBe(v.hex);
    const set = decodeIptagSet(decodeScpRequest(decodeSdp(b).payload));
    expect(set).toEqual({ tag: 1, strip: true, useSender: true, port: 0, host: '0.0.0.0' });
  });
  it('the OK reply passes the LiveEventConnection check', () => {
    const ok = encodeScpOk(0, { x: 0, y: 0 });
    expect(ok.length).toBe(18);
    expect(isScpOk(ok)).toBe(true);
  });
  it('short/bad SDP is a protocol error', () => {
    expect(() => decodeSdp(unhex('0000070023'))).toThrow(ProtocolError);
    expect(() => decodeSdp(unhex('01000700230001000000'))).toThrow(ProtocolError);
    expect(() => decodeScpRequest(unhex('1a00'))).toThrow(ProtocolError);
  });
});

function randomPacket(rng: Rng): EieioDataPacket {
  const type = Math.floor(rng.float() * 4) as EieioType;
  const wide = type >= 2;
  const max = wide ? 0x100000000 : 0x10000;
  const kp = type === 1 || type === 3;
  const perElem = (wide ? 4 : 2) * (kp ? 2 : 1);
  const maxN = Math.min(255, Math.floor(256 / perElem));
  const n = Math.floor(rng.float() * (maxN + 1));
  const keys = Array.from({ length: n }, () => Math.floor(rng.float() * max));
  const payloads = kp ? Array.from({ length: n }, () => Math.floor(rng.float() * max)) : null;
  const hasPrefix = rng.float() < 0.5;
  return eieioData({
    type, keys, payloads, tag: Math.floor(rng.float() * 4),
    keyPrefix: hasPrefix ? Math.floor(rng.float() * 0x10000) : null,
    prefixUpper: hasPrefix && rng.float() < 0.5,
    payloadPrefix: rng.float() < 0.5 ? Math.floor(rng.float() * max) : null,
    payloadIsTime: rng.float() < 0.5,
  });
}

describe('EIEIO properties', () => {
  it('2000 random packets round-trip byte-exactly', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 2000; i++) {
      const p = randomPacket(rng);
      const bytes = encodeEieioData(p);
      const d = decodeEieio(bytes);
      expect(d).toEqual(p);
      expect(encodeEieioData(d as EieioDataPacket)).toEqual(bytes);
    }
  });
  it('every truncation or extension of a valid packet is a ProtocolError', () => {
    const rng = new Rng(8);
    for (let i = 0; i < 100; i++) {
      const bytes = encodeEieioData(randomPacket(rng));
      if (isEieioCommand(bytes)) continue;
      for (let cut = 0; cut < bytes.length; cut++) {
        let err: unknown;
        try {
          const d = decodeEieio(bytes.subarray(0, cut));
          // a cut that keeps exactly a shorter valid packet cannot happen: count fixes the length
          err = d;
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(ProtocolError);
      }
      const longer = new Uint8Array(bytes.length + 1 + Math.floor(rng.float() * 4));
      longer.set(bytes);
      expect(() => decodeEieio(longer)).toThrow(ProtocolError);
    }
  });
  it('random bytes decode or give a ProtocolError, never another exception', () => {
    const rng = new Rng(9);
    let decoded = 0;
    for (let i = 0; i < 20000; i++) {
      const n = Math.floor(rng.float() * 40);
      const b = new Uint8Array(n);
      for (let j = 0; j < n; j++) b[j] = Math.floor(rng.float() * 256);
      if (n >= 2 && rng.float() < 0.5) b[0] = Math.floor(rng.float() * 8); // small counts make valid packets likely
      try {
        const d = decodeEieio(b);
        decoded++;
        if (d.kind === 'data') expect(encodeEieioData(d, { maxBytes: 4096 })).toEqual(b);
      } catch (e) {
        expect(e).toBeInstanceOf(ProtocolError);
      }
    }
    expect(decoded).toBeGreaterThan(100);
  });
  it('encoder rejects out-of-range values with a ValidationError naming the field', () => {
    expect(() => encodeEieioData(eieioData({ type: 0, keys: [0x10000] }))).toThrow(/eieio.keys\[0\]/);
    expect(() => encodeEieioData(eieioData({ type: 3, keys: [1], payloads: [] }))).toThrow(ValidationError);
    expect(() => encodeEieioData(eieioData({ type: 2, keys: Array.from({ length: 65 }, (_, i) => i) }))).toThrow(ValidationError);
    expect(() => encodeEieioData(eieioData({ type: 2, keys: [1], prefixUpper: true }))).toThrow(/command header/);
    expect(() => encodeEieioData(eieioData({ type: 0, keys: [1], payloadPrefix: 0x10000 }))).toThrow(/payloadPrefix/);
  });
});
