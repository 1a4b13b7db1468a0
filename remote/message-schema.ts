/**
 * Schemas of every wire message, validated on receipt (host: client messages; client: host
 * messages). Anything that does not parse is a ProtocolError with code `malformed` or
 * `unknown-type`; nothing unvalidated reaches an engine.
 */
import { z } from 'zod';
import { ProtocolError } from '../core/errors.js';
import type { ClientMessage, HostMessage } from './protocol.js';

const MAX_DIMS = 8;
const id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const timeNs = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const name = z.string().min(1).max(256);

const wireArray = z.strictObject({
  dtype: z.enum(['float64', 'int32']),
  shape: z.array(z.number().int().min(0).max(2 ** 31)).max(MAX_DIMS),
  bytes: z.instanceof(Uint8Array),
});

const eventRecord = z.record(z.string().max(256), z.unknown()).refine((e) => typeof e.type === 'string', 'an event needs a string `type`');

const wirePortValue = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('analog'), data: wireArray }),
  z.strictObject({ kind: z.literal('spikes'), ids: wireArray, timesNs: wireArray }),
  z.strictObject({ kind: z.literal('events'), events: z.array(eventRecord).max(100_000) }),
]);
const wireValues = z.record(name, wirePortValue);

const clientSchemas = {
  hello: z.strictObject({ type: z.literal('hello'), version: z.number().int(), token: z.string().max(4096).optional(), client: z.string().max(256) }),
  init: z.strictObject({ type: z.literal('init'), id, seed: z.number().int().min(0).max(0xffffffff), startNs: timeNs }),
  advance: z.strictObject({ type: z.literal('advance'), id, to: timeNs, inputs: wireValues }),
  reset: z.strictObject({
    type: z.literal('reset'),
    id,
    keep: z.array(name).max(256).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
  }),
  dispose: z.strictObject({ type: z.literal('dispose'), id }),
  heartbeat: z.strictObject({ type: z.literal('heartbeat'), id }),
  resync: z.strictObject({ type: z.literal('resync'), id }),
} as const;

const portDecl = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('analog'), shape: z.array(z.number().int().min(0)).max(MAX_DIMS), unit: z.string().optional(), description: z.string().optional() }),
  z.strictObject({ kind: z.literal('spikes'), size: z.number().int().min(0), description: z.string().optional() }),
  z.strictObject({ kind: z.literal('events'), description: z.string().optional() }),
]);
const portSpec = z.strictObject({ inputs: z.record(name, portDecl), outputs: z.record(name, portDecl) });

const errorDetail = z.object({
  name: z.string().max(256),
  engine: z.string().optional(),
  timeNs: z.number().optional(),
  field: z.string().optional(),
  expected: z.string().optional(),
  fix: z.string().optional(),
  value: z.string().optional(),
  variable: z.string().optional(),
  index: z.number().optional(),
});

const hostSchemas = {
  welcome: z.strictObject({
    type: z.literal('welcome'),
    version: z.number().int(),
    name,
    dtNs: z.number().int().positive(),
    ports: portSpec,
    capabilities: z.array(z.enum(['snapshot', 'resync', 'realtime'])),
  }),
  outputs: z.strictObject({ type: z.literal('outputs'), id, tNs: timeNs, outputs: wireValues, hostUs: z.number(), lateUs: z.number().optional() }),
  ack: z.strictObject({ type: z.literal('ack'), id }),
  error: z.strictObject({
    type: z.literal('error'),
    id: id.nullable(),
    code: z.enum(['malformed', 'unknown-type', 'version', 'auth', 'state', 'rate', 'busy', 'engine', 'unsupported']),
    message: z.string(),
    error: errorDetail.optional(),
  }),
} as const;

function parseWith<T>(schemas: Record<string, z.ZodType>, raw: unknown, who: string): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError('malformed', `${who} frame is not a msgpack map`);
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string') throw new ProtocolError('malformed', `${who} frame has no string 'type'`);
  const schema = Object.prototype.hasOwnProperty.call(schemas, type) ? schemas[type] : undefined;
  if (schema === undefined) throw new ProtocolError('unknown-type', `${who} message type '${type.slice(0, 64)}' is not part of protocol v1`);
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue === undefined ? '' : issue.path.map(String).join('.');
    throw new ProtocolError('malformed', `${who} '${type}' message: ${path === '' ? '' : `${path}: `}${issue?.message ?? 'invalid'}`);
  }
  return r.data as T;
}

/** Validates a decoded client→host message. */
export function parseClientMessage(raw: unknown): ClientMessage {
  if (isPlainAdvance(raw)) return raw as ClientMessage;
  return parseWith<ClientMessage>(clientSchemas, raw, 'client');
}

/** Validates a decoded host→client message. */
export function parseHostMessage(raw: unknown): HostMessage {
  if (isPlainOutputs(raw)) return raw as HostMessage;
  return parseWith<HostMessage>(hostSchemas, raw, 'host');
}

// ---- Fast paths for the two per-step messages. They accept only a subset of what the zod schemas
// accept (anything unusual, e.g. a non-empty events list, falls through to zod, which decides and
// words the error), so they can never let through a message the schemas would refuse. They cut the
// validation cost of a step from ~11 µs to ~1 µs.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isInt = (v: unknown, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

function hasExactKeys(o: Obj, required: readonly string[], optional: readonly string[] = []): boolean {
  let n = 0;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) return false;
    if (required.includes(k)) n++;
    else if (!optional.includes(k)) return false;
  }
  return n === required.length;
}

function isPlainWireArray(v: unknown): boolean {
  if (!isObj(v) || !hasExactKeys(v, ['dtype', 'shape', 'bytes'])) return false;
  if (v.dtype !== 'float64' && v.dtype !== 'int32') return false;
  const shape = v.shape;
  if (!Array.isArray(shape) || shape.length > MAX_DIMS) return false;
  for (const d of shape) if (!isInt(d, 2 ** 31)) return false;
  return v.bytes instanceof Uint8Array;
}

function isPlainValues(v: unknown): boolean {
  if (!isObj(v)) return false;
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k) || k.length === 0 || k.length > 256) return false;
    const p = v[k];
    if (!isObj(p)) return false;
    if (p.kind === 'analog') {
      if (!hasExactKeys(p, ['kind', 'data']) || !isPlainWireArray(p.data)) return false;
    } else if (p.kind === 'spikes') {
      if (!hasExactKeys(p, ['kind', 'ids', 'timesNs']) || !isPlainWireArray(p.ids) || !isPlainWireArray(p.timesNs)) return false;
    } else if (p.kind === 'events') {
      if (!hasExactKeys(p, ['kind', 'events']) || !Array.isArray(p.events) || p.events.length !== 0) return false;
    } else return false;
  }
  return true;
}

function isPlainAdvance(raw: unknown): boolean {
  return isObj(raw) && raw.type === 'advance' && hasExactKeys(raw, ['type', 'id', 'to', 'inputs']) &&
    isInt(raw.id, Number.MAX_SAFE_INTEGER) && isInt(raw.to, Number.MAX_SAFE_INTEGER) && isPlainValues(raw.inputs);
}

function isPlainOutputs(raw: unknown): boolean {
  return isObj(raw) && raw.type === 'outputs' && hasExactKeys(raw, ['type', 'id', 'tNs', 'outputs', 'hostUs'], ['lateUs']) &&
    isInt(raw.id, Number.MAX_SAFE_INTEGER) && isInt(raw.tNs, Number.MAX_SAFE_INTEGER) && typeof raw.hostUs === 'number' && Number.isFinite(raw.hostUs) &&
    (raw.lateUs === undefined || (typeof raw.lateUs === 'number' && Number.isFinite(raw.lateUs))) && isPlainValues(raw.outputs);
}
