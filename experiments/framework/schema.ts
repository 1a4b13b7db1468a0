/**
 * Schemas of the serialisable parts of an experiment (protocol, recording, pacing, run options).
 * One source gives validation, the TS types (z.infer) and a JSON Schema (z.toJSONSchema) for
 * editors; every failure becomes a ValidationError naming the field path and the fix.
 */
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';

const name = z.string().regex(/^[A-Za-z_][\w-]*$/, 'letters, digits, _ or - (starting with a letter or _)');
const portRef = z.string().regex(/^[A-Za-z_][\w-]*\.[A-Za-z_][\w.:-]*$/, "'engine.port'");
const positiveMs = z.number().positive().finite();

/** A timed event within a trial (ms from the trial start). */
export const EventDescSchema = z.strictObject({
  type: name,
  atMs: z.number().nonnegative().finite(),
  durationMs: positiveMs,
  params: z.record(z.string(), z.unknown()).optional(),
});

/** Per-trial overrides within a phase. */
export const TrialOverrideSchema = z.strictObject({
  events: z.array(EventDescSchema).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

/** A phase: `trials` trials of `trialMs` each, with the same events unless overridden per trial. */
export const PhaseDescSchema = z.strictObject({
  name,
  trials: z.number().int().positive(),
  trialMs: positiveMs,
  events: z.array(EventDescSchema).default([]),
  params: z.record(z.string(), z.unknown()).default({}),
  perTrial: z.array(TrialOverrideSchema).optional(),
});

/** What survives a reset, per engine. */
export const ResetDescSchema = z.strictObject({ keep: z.array(z.string()).optional() });

/** The protocol: phases in order, and how engines are reset between trials. */
export const ProtocolDescSchema = z.strictObject({
  phases: z.array(PhaseDescSchema).min(1),
  /** 'each-trial': every trial starts from t=0 after a reset; 'never': time runs on. */
  reset: z.enum(['each-trial', 'never']).default('each-trial'),
  keep: z.record(z.string(), ResetDescSchema).default({}),
});

/** A recorded port. */
export const RecordSchema = z.strictObject({ port: portRef, everyMs: positiveMs.optional() });

/** Pacing of a run. */
export const PacingSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('afap') }),
  z.strictObject({
    mode: z.literal('realtime'),
    factor: positiveMs.default(1),
    overrun: z.enum(['warn', 'abort']).default('warn'),
    toleranceMs: z.number().nonnegative().optional(),
  }),
]);

/** Options of one run (CLI flags map onto these). */
export const RunOptionsSchema = z.strictObject({
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  trials: z.number().int().positive().optional(),
  pacing: PacingSchema.default({ mode: 'afap' }),
  set: z.record(z.string(), z.unknown()).default({}),
});

export type EventDesc = z.infer<typeof EventDescSchema>;
export type PhaseDesc = z.infer<typeof PhaseDescSchema>;
export type PhaseDescInput = z.input<typeof PhaseDescSchema>;
export type ProtocolDesc = z.infer<typeof ProtocolDescSchema>;
export type ProtocolDescInput = z.input<typeof ProtocolDescSchema>;
export type RecordSpec = z.infer<typeof RecordSchema>;
export type Pacing = z.infer<typeof PacingSchema>;
export type RunOptions = z.infer<typeof RunOptionsSchema>;
export type RunOptionsInput = z.input<typeof RunOptionsSchema>;

/**
 * Parses `value` with `schema`; on failure throws a ValidationError for the first issue, naming
 * the full field path under `root` (e.g. `protocol.phases[1].trialMs`) and a fix.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, root: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0] as z.core.$ZodIssue;
  const field = formatPath(root, issue.path);
  const got = getAt(value, issue.path);
  throw new ValidationError(field, got, describeExpected(issue), fixFor(issue));
}

function formatPath(root: string, path: readonly PropertyKey[]): string {
  let s = root;
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return s;
}

function getAt(v: unknown, path: readonly PropertyKey[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function describeExpected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `no unknown keys (found ${issue.keys.join(', ')})`;
    case 'invalid_type':
      return `a value of type ${issue.expected}`;
    case 'too_small':
      return `${issue.origin === 'array' ? 'at least' : issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of ${issue.values.map((x) => JSON.stringify(x)).join(', ')}`;
    case 'invalid_union':
      return 'one of the allowed forms (check `mode`)';
    default:
      return issue.message;
  }
}

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `remove or correct ${issue.keys.map((k) => `'${k}'`).join(', ')} (typo?)`;
    case 'invalid_type':
      return issue.input === undefined ? 'add the missing field' : `give a ${issue.expected}`;
    case 'too_small':
    case 'too_big':
      return 'change the value into the allowed range';
    case 'invalid_value':
      return 'use one of the listed values';
    case 'invalid_format':
      return issue.message;
    default:
      return issue.message;
  }
}

/** JSON Schemas of the experiment-level descriptors, for editors and other languages. */
export function experimentJsonSchemas(): Record<string, unknown> {
  return {
    protocol: z.toJSONSchema(ProtocolDescSchema, { io: 'input' }),
    record: z.toJSONSchema(RecordSchema, { io: 'input' }),
    pacing: z.toJSONSchema(PacingSchema, { io: 'input' }),
    runOptions: z.toJSONSchema(RunOptionsSchema, { io: 'input' }),
  };
}
