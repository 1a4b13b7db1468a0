/**
 * The fast paths of the message schema must never accept what the zod schema refuses: random
 * mutations of valid advance/outputs messages are checked against zod-only validation.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { parseClientMessage, parseHostMessage } from '../../remote/message-schema.js';
import { encodeValues } from '../../remote/wire-codec.js';

function mutateValue(rng: Rng, v: unknown, depth = 0): unknown {
  const pick = rng.int(10);
  if (pick === 0) return undefined;
  if (pick === 1) return -1;
  if (pick === 2) return 1.5;
  if (pick === 3) return 'x';
  if (pick === 4) return [];
  if (pick === 5) return { extra: 1 };
  if (pick === 6) return Number.NaN;
  if (pick === 7) return 2 ** 60;
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && depth < 6) {
    const c: Record<string, unknown> = Array.isArray(v) ? ([...v] as unknown as Record<string, unknown>) : { ...(v as object) };
    const keys = Object.keys(c);
    if (keys.length > 0) {
      const k = keys[rng.int(keys.length)] as string;
      c[k] = mutateValue(rng, c[k], depth + 1);
    }
    if (rng.int(8) === 0) c[`k${rng.int(3)}`] = 1;
    return c;
  }
  return v;
}

const accepts = (f: () => unknown): boolean => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

describe('message schema fast paths', () => {
  it('agree with zod on 20,000 mutated advance and outputs messages', () => {
    const rng = new Rng(9);
    const advance = { type: 'advance', id: 3, to: 1_000_000, inputs: encodeValues({ a: Float64Array.of(1, 2), s: { ids: Int32Array.of(1), timesNs: Float64Array.of(5), count: 1 }, e: [] }) };
    const outputs = { type: 'outputs', id: 3, tNs: 1_000_000, hostUs: 2.5, lateUs: 1, outputs: encodeValues({ x: Float64Array.of(1), e: [] }) };
    let disagreements = 0;
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) {
      const a = mutateValue(rng, advance) as Record<string, unknown>;
      const o = mutateValue(rng, outputs) as Record<string, unknown>;
      const fastA = accepts(() => parseClientMessage(a));
      const fastO = accepts(() => parseHostMessage(o));
      const zodA = zodOnly(a, 'client');
      const zodO = zodOnly(o, 'host');
      if (fastA && !zodA) disagreements++;
      if (fastO && !zodO) disagreements++;
      if (fastA) accepted++;
    }
    expect(disagreements).toBe(0);
    expect(accepted).toBeGreaterThan(100); // some mutations stay valid, so the comparison is not vacuous
  });
});

/**
 * zod's verdict alone: the fast paths take only plain-prototype objects, so the same fields on a
 * class instance (which zod's object schemas accept like any object) go to zod.
 */
function zodOnly(m: Record<string, unknown>, side: 'client' | 'host'): boolean {
  class Wrapped {}
  const w = Object.assign(new Wrapped(), m) as Record<string, unknown>;
  return accepts(() => (side === 'client' ? parseClientMessage(w) : parseHostMessage(w)));
}
