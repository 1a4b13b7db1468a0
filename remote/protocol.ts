/**
 * The neuroloop remote-engine wire protocol (version 1): one websocket per engine, binary frames,
 * each frame one msgpack map with a `type`. The bus side (RemoteEngine) sends requests with an `id`;
 * the host side (serveEngine) answers each with `outputs`, `ack` or `error` carrying the same id.
 *
 *   client → host: hello{version, token?, client} · init{id, seed, startNs} · advance{id, to, inputs}
 *                  reset{id, keep?, seed?} · dispose{id} · heartbeat{id} · resync{id}
 *   host → client: welcome{version, name, dtNs, ports, capabilities, realtime} · outputs{id, tNs,
 *                  outputs, hostUs, lateUs?} · ack{id} · error{id, code, message, error?}
 *
 * Typed arrays travel as `{dtype, shape, bytes}` with little-endian bytes (msgpackr's default
 * packing corrupts Float64Array; ../shared/specs/ecosystem.md G3), so Python's `msgpack` + numpy
 * or `array` read them directly.
 */
import type { PortSpec } from '../core/ports.js';

/** Protocol version sent in hello/welcome; a mismatch is refused with code `version`. */
export const PROTOCOL_VERSION = 1;

/** Dtypes allowed on the wire (little-endian). */
export type WireDtype = 'float64' | 'int32';

/** A typed array on the wire: row-major shape, little-endian bytes. */
export interface WireArray {
  readonly dtype: WireDtype;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

/** A port value on the wire. */
export type WirePortValue =
  | { readonly kind: 'analog'; readonly data: WireArray }
  | { readonly kind: 'spikes'; readonly ids: WireArray; readonly timesNs: WireArray }
  | { readonly kind: 'events'; readonly events: readonly Record<string, unknown>[] };

/** Capabilities a host can announce in its welcome. */
export type Capability = 'snapshot' | 'resync' | 'realtime';

/** Client → host messages. */
export type ClientMessage =
  | { readonly type: 'hello'; readonly version: number; readonly token?: string; readonly client: string }
  | { readonly type: 'init'; readonly id: number; readonly seed: number; readonly startNs: number }
  | { readonly type: 'advance'; readonly id: number; readonly to: number; readonly inputs: Readonly<Record<string, WirePortValue>> }
  | { readonly type: 'reset'; readonly id: number; readonly keep?: readonly string[]; readonly seed?: number }
  | { readonly type: 'dispose'; readonly id: number }
  | { readonly type: 'heartbeat'; readonly id: number }
  | { readonly type: 'resync'; readonly id: number };

/** Structured error details so the client can rebuild the error class. */
export interface WireErrorDetail {
  readonly name: string;
  readonly engine?: string;
  readonly timeNs?: number;
  readonly field?: string;
  readonly expected?: string;
  readonly fix?: string;
  readonly value?: string;
  readonly variable?: string;
  readonly index?: number;
}

/** Host → client messages. */
export type HostMessage =
  | {
      readonly type: 'welcome';
      readonly version: number;
      readonly name: string;
      readonly dtNs: number;
      readonly ports: PortSpec;
      readonly capabilities: readonly Capability[];
    }
  | {
      readonly type: 'outputs';
      readonly id: number;
      readonly tNs: number;
      readonly outputs: Readonly<Record<string, WirePortValue>>;
      /** Wall time the host spent in the engine call (µs), so the client can split network from compute. */
      readonly hostUs: number;
      /** Realtime engines: how late the sample was taken against its wall-clock deadline (µs). */
      readonly lateUs?: number;
    }
  | { readonly type: 'ack'; readonly id: number }
  | { readonly type: 'error'; readonly id: number | null; readonly code: ProtocolErrorCode; readonly message: string; readonly error?: WireErrorDetail };

/** Error codes sent by a host. */
export type ProtocolErrorCode =
  | 'malformed' // not msgpack, or not a valid message
  | 'unknown-type' // a message type this version does not know
  | 'version' // hello with another protocol version
  | 'auth' // missing or wrong token
  | 'state' // message not allowed now (e.g. advance before hello/init)
  | 'rate' // message-rate limit exceeded
  | 'busy' // another client drives this engine
  | 'engine' // the engine threw; `error` has the details
  | 'unsupported'; // capability not offered

/** Limits a host enforces; defaults chosen for a 1 kHz loop with room to spare. */
export interface HostLimits {
  /** Largest accepted frame in bytes (ws closes with 1009 above it). Default 16 MiB. */
  readonly maxFrameBytes?: number;
  /** Sustained message rate per connection (messages/s). Default 100,000. */
  readonly maxMessagesPerSecond?: number;
  /** Burst size of the rate limiter. Default 10,000. */
  readonly burstMessages?: number;
}

/** Defaults of HostLimits. */
export const DEFAULT_LIMITS: Required<HostLimits> = {
  maxFrameBytes: 16 * 1024 * 1024,
  maxMessagesPerSecond: 100_000,
  burstMessages: 10_000,
};
