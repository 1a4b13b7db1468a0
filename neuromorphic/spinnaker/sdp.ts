/**
 * SDP framing (SpiNNaker Datagram Protocol) as SpiNNMan writes it into UDP: 2 pad bytes, an
 * 8-byte SDP header (flags, tag, dest port/cpu, src port/cpu, dest y, dest x, src y, src x —
 * y before x), then the payload. Also the SCP request/response layout used for CMD_IPTAG SET
 * (`reprogram_tag_to_listener`, spec §1.6 and vector scp_iptag_set_use_sender_tag1_chip00).
 */
import { ProtocolError, ValidationError } from '../../core/errors.js';

/** UDP port of SCAMP on a board (SCP and injected SDP go here). */
export const SCP_SCAMP_PORT = 17893;
/** Default notification port of the external app (database handshake). */
export const NOTIFY_PORT = 19999;
/** SDP flag: reply not expected. */
export const SDP_REPLY_NOT_EXPECTED = 0x07;
/** SDP flag: reply expected. */
export const SDP_REPLY_EXPECTED = 0x87;
/** SCP command id of IPTAG. */
export const SCP_CMD_IPTAG = 26;
/** SCP return code OK. */
export const SCP_RC_OK = 0x80;

/** An SDP header. Ports are 0..7, cpus 0..31, chip coordinates 0..255. */
export interface SdpHeader {
  readonly flags: number;
  readonly tag: number;
  readonly destPort: number;
  readonly destCpu: number;
  readonly srcPort: number;
  readonly srcCpu: number;
  readonly destX: number;
  readonly destY: number;
  readonly srcX: number;
  readonly srcY: number;
}

/** A decoded SDP-over-UDP datagram. */
export interface SdpDatagram {
  readonly header: SdpHeader;
  readonly payload: Uint8Array;
}

/** Header used by `LiveEventConnection._send` to inject into core (x, y, p) on port 1. */
export function injectionHeader(x: number, y: number, p: number): SdpHeader {
  return { flags: SDP_REPLY_NOT_EXPECTED, tag: 0, destPort: 1, destCpu: p, srcPort: 0, srcCpu: 0, destX: x, destY: y, srcX: 0, srcY: 0 };
}

/** Encodes `b"\0\0" + SDP header + payload`. */
export function encodeSdp(h: SdpHeader, payload: Uint8Array): Uint8Array {
  check('sdp.flags', h.flags, 255);
  check('sdp.tag', h.tag, 255);
  check('sdp.destPort', h.destPort, 7);
  check('sdp.destCpu', h.destCpu, 31);
  check('sdp.srcPort', h.srcPort, 7);
  check('sdp.srcCpu', h.srcCpu, 31);
  for (const f of ['destX', 'destY', 'srcX', 'srcY'] as const) check(`sdp.${f}`, h[f], 255);
  const out = new Uint8Array(10 + payload.length);
  out[2] = h.flags;
  out[3] = h.tag;
  out[4] = (h.destPort << 5) | h.destCpu;
  out[5] = (h.srcPort << 5) | h.srcCpu;
  out[6] = h.destY;
  out[7] = h.destX;
  out[8] = h.srcY;
  out[9] = h.srcX;
  out.set(payload, 10);
  return out;
}

/** Decodes an SDP-over-UDP datagram; shorter than 10 bytes or non-zero pad → ProtocolError. */
export function decodeSdp(bytes: Uint8Array): SdpDatagram {
  if (bytes.length < 10) throw new ProtocolError('sdp-short', `SDP datagram of ${bytes.length} bytes is shorter than pad + header (10)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new ProtocolError('sdp-pad', 'SDP datagram must start with two zero pad bytes');
  const b = (i: number): number => bytes[i] as number;
  return {
    header: {
      flags: b(2), tag: b(3), destPort: b(4) >> 5, destCpu: b(4) & 31, srcPort: b(5) >> 5, srcCpu: b(5) & 31,
      destY: b(6), destX: b(7), srcY: b(8), srcX: b(9),
    },
    payload: bytes.slice(10),
  };
}

/** An SCP request (after the SDP header): cmd, seq, up to three args, data. */
export interface ScpRequest {
  readonly cmd: number;
  readonly seq: number;
  readonly arg1: number;
  readonly arg2: number;
  readonly arg3: number;
  readonly data: Uint8Array;
}

/**
 * The datagram of `IPTagSet(x, y, host, port, tag, strip=True, use_sender=True)` as sent by
 * `reprogram_tag_to_listener`: the board re-points IP tag `tag` at the sender of this packet.
 */
export function encodeIptagSetUseSender(opts: { x: number; y: number; tag: number; seq?: number; strip?: boolean }): Uint8Array {
  check('iptag.tag', opts.tag, 7);
  const strip = opts.strip ?? true;
  const arg1 = ((1 << 30) | (strip ? 1 << 28 : 0) | (1 << 16) | opts.tag) >>> 0;
  return encodeScp({ x: opts.x, y: opts.y }, { cmd: SCP_CMD_IPTAG, seq: opts.seq ?? 0, arg1, arg2: 0, arg3: 0, data: new Uint8Array(0) });
}

/** Encodes an SCP request to the monitor (port 0, cpu 0) of chip (x, y). */
export function encodeScp(chip: { x: number; y: number }, r: ScpRequest): Uint8Array {
  const body = new Uint8Array(16 + r.data.length);
  const dv = new DataView(body.buffer);
  dv.setUint16(0, r.cmd, true);
  dv.setUint16(2, r.seq, true);
  dv.setUint32(4, r.arg1 >>> 0, true);
  dv.setUint32(8, r.arg2 >>> 0, true);
  dv.setUint32(12, r.arg3 >>> 0, true);
  body.set(r.data, 16);
  return encodeSdp(
    { flags: SDP_REPLY_EXPECTED, tag: 0xff, destPort: 0, destCpu: 0, srcPort: 7, srcCpu: 31, destX: chip.x, destY: chip.y, srcX: 0, srcY: 0 },
    body,
  );
}

/** Decodes the SCP request in an SDP datagram payload (≥ 16 bytes, else ProtocolError). */
export function decodeScpRequest(payload: Uint8Array): ScpRequest {
  if (payload.length < 16) throw new ProtocolError('scp-short', `SCP request of ${payload.length} bytes is shorter than 16`);
  const dv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return { cmd: dv.getUint16(0, true), seq: dv.getUint16(2, true), arg1: dv.getUint32(4, true), arg2: dv.getUint32(8, true), arg3: dv.getUint32(12, true), data: payload.slice(16) };
}

/** Decoded IPTAG SET arguments. */
export interface IptagSet {
  readonly tag: number;
  readonly strip: boolean;
  readonly useSender: boolean;
  readonly port: number;
  /** Dotted IPv4 host of arg3 (0.0.0.0 with use_sender). */
  readonly host: string;
}

/** Interprets an SCP IPTAG request as a SET; other IPTAG sub-commands → ProtocolError. */
export function decodeIptagSet(r: ScpRequest): IptagSet {
  if (r.cmd !== SCP_CMD_IPTAG) throw new ProtocolError('scp-command', `expected CMD_IPTAG (26), got ${r.cmd}`);
  const sub = (r.arg1 >>> 16) & 0xfff;
  if (sub !== 1) throw new ProtocolError('scp-iptag-sub', `IPTAG sub-command ${sub} is not SET (1)`);
  const ip = r.arg3 >>> 0;
  return {
    tag: r.arg1 & 0xff,
    strip: ((r.arg1 >>> 28) & 1) === 1,
    useSender: ((r.arg1 >>> 30) & 1) === 1,
    port: r.arg2 & 0xffff,
    host: `${ip & 255}.${(ip >>> 8) & 255}.${(ip >>> 16) & 255}.${ip >>> 24}`,
  };
}

/**
 * The 18-byte SCP OK reply the host waits for (LiveEventConnection checks length 18,
 * byte 2 = 0x07 and byte 4 = 0xFF): pad, SDP header back to the host, rc=0x80, seq, arg1=0.
 */
export function encodeScpOk(seq: number, chip: { x: number; y: number }): Uint8Array {
  const body = new Uint8Array(8);
  const dv = new DataView(body.buffer);
  dv.setUint16(0, SCP_RC_OK, true);
  dv.setUint16(2, seq, true);
  return encodeSdp({ flags: SDP_REPLY_NOT_EXPECTED, tag: 0xff, destPort: 7, destCpu: 31, srcPort: 0, srcCpu: 0, destX: 0, destY: 0, srcX: chip.x, srcY: chip.y }, body);
}

/** True if `bytes` is an SCP OK reply as LiveEventConnection accepts it. */
export function isScpOk(bytes: Uint8Array): boolean {
  return bytes.length === 18 && bytes[2] === SDP_REPLY_NOT_EXPECTED && bytes[4] === 0xff && bytes[10] === SCP_RC_OK && bytes[11] === 0;
}

function check(field: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new ValidationError(field, v, `an integer in [0, ${max}]`, 'use a value within the SDP field width');
}
