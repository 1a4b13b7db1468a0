/**
 * `--set path=value` overrides: `a.b.c=3` sets params.a.b.c to 3. Values parse as JSON when they
 * can (numbers, booleans, arrays, objects, quoted strings) and are plain strings otherwise.
 */
import { ValidationError } from '../../core/errors.js';

/** Parses one `path=value` assignment. */
export function parseAssignment(s: string): [string, unknown] {
  const eq = s.indexOf('=');
  if (eq <= 0) throw new ValidationError('--set', s, "'path=value' (e.g. trials=20 or gains.puff=2.5)", 'write a dotted path, =, and a value');
  const path = s.slice(0, eq).trim();
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*|\.\d+)*$/.test(path)) {
    throw new ValidationError('--set', path, 'a dotted path of identifiers', 'use names like isiMs or network.scale');
  }
  const raw = s.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return [path, value];
}

/** Returns a deep copy of `obj` with `path` set to `value` (intermediate objects created). */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const out = structuredClone(obj);
  const parts = path.split('.');
  let cur: Record<string, unknown> = out;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i] as string;
    const next = cur[k];
    if (next === undefined) cur[k] = {};
    else if (typeof next !== 'object' || next === null) {
      throw new ValidationError(`--set ${path}`, next, `an object at '${parts.slice(0, i + 1).join('.')}'`, 'set the leaf field, not inside a number/string');
    }
    cur = cur[k] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] as string] = value;
  return out;
}

/** Applies `path → value` overrides in order. */
export function applySets(base: Record<string, unknown>, sets: Readonly<Record<string, unknown>>): Record<string, unknown> {
  let out = base;
  for (const [p, v] of Object.entries(sets)) out = setPath(out, p, v);
  return out;
}
