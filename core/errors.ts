/**
 * One error root for the whole framework, so callers can `instanceof NeuroloopError` and
 * every failure carries enough context to act on (field + fix, engine + time, ...).
 */

/** Root of every error neuroloop throws on purpose. */
export class NeuroloopError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad descriptor/config/input: names the field, the bad value, what was expected and the fix. */
export class ValidationError extends NeuroloopError {
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
  readonly fix: string;
  constructor(field: string, value: unknown, expected: string, fix: string) {
    super(`${field}: got ${describeValue(value)}, expected ${expected}. Fix: ${fix}`);
    this.field = field;
    this.value = value;
    this.expected = expected;
    this.fix = fix;
  }
}

/** A capability an engine/adapter does not have; thrown instead of silently dropping it. */
export class UnsupportedFeatureError extends NeuroloopError {
  readonly feature: string;
  readonly reason: string;
  constructor(feature: string, reason: string) {
    super(`unsupported: ${feature}: ${reason}`);
    this.feature = feature;
    this.reason = reason;
  }
}

/** An engine failed (init/advance/reset), with engine name and simulated time in ns. */
export class EngineError extends NeuroloopError {
  readonly engine: string;
  readonly timeNs: number;
  constructor(engine: string, timeNs: number, message: string, options?: { cause?: unknown }) {
    super(`engine '${engine}' at t=${formatNs(timeNs)}: ${message}`, options);
    this.engine = engine;
    this.timeNs = timeNs;
  }
}

/** A wire/protocol violation: malformed frame, unknown message, oversize payload, bad version. */
export class ProtocolError extends NeuroloopError {
  readonly code: string;
  constructor(code: string, message: string) {
    super(`protocol error [${code}]: ${message}`);
    this.code = code;
  }
}

/** Numerical blow-up (NaN, Inf, runaway) with engine, time, variable and element index. */
export class SimulationError extends NeuroloopError {
  readonly engine: string;
  readonly timeNs: number;
  readonly variable: string;
  readonly index: number | undefined;
  constructor(engine: string, timeNs: number, variable: string, index: number | undefined, detail: string) {
    super(
      `simulation diverged in '${engine}' at t=${formatNs(timeNs)}: ${variable}` +
        (index === undefined ? '' : `[${index}]`) +
        ` ${detail}`,
    );
    this.engine = engine;
    this.timeNs = timeNs;
    this.variable = variable;
    this.index = index;
  }
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** Formats integer nanoseconds as milliseconds for messages. */
export function formatNs(ns: number): string {
  return `${ns / 1e6} ms`;
}
