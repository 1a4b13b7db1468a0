import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.js';
import { spikeBatch } from '../../core/ports.js';
import { packFrame, unpackFrame } from '../../remote/msgpack.js';
import { decodeArray, decodeOutputs, decodePortValue, encodePortValue } from '../../remote/wire-codec.js';
import type { WirePortValue } from '../../remote/protocol.js';

describe('wire codec', () => {
  it('round-trips Float64Array bit-exactly through msgpack (ecosystem G3)', () => {
    const a = Float64Array.from([1, -1, Math.PI, -0, 5e-324, Number.MAX_VALUE, 1 / 3]);
    const back = decodePortValue('x', unpackFrame(packFrame(encodePortValue(a))) as WirePortValue) as Float64Array;
    expect(back).toBeInstanceOf(Float64Array);
    expect(Array.from(new Uint8Array(back.buffer))).toEqual(Array.from(new Uint8Array(a.buffer)));
    expect(Object.is(back[3], -0)).toBe(true);
  });

  it('round-trips spikes with only the first `count` entries', () => {
    const s = { ids: Int32Array.from([3, 1, 4, 99]), timesNs: Float64Array.from([10, 20, 30, 99]), count: 3 };
    const back = decodePortValue('s', unpackFrame(packFrame(encodePortValue(s))) as WirePortValue);
    expect(back).toEqual(spikeBatch([3, 1, 4], [10, 20, 30]));
  });

  it('sends an unaligned subarray correctly', () => {
    const big = Float64Array.from([9, 8, 7, 6]);
    const back = decodePortValue('x', unpackFrame(packFrame(encodePortValue(big.subarray(1, 3)))) as WirePortValue) as Float64Array;
    expect(Array.from(back)).toEqual([8, 7]);
  });

  it('rejects byte counts that do not match the shape', () => {
    expect(() => decodeArray('x', { dtype: 'float64', shape: [1_000_000_000], bytes: new Uint8Array(8) }, 'float64')).toThrow(ProtocolError);
    expect(() => decodeArray('x', { dtype: 'int32', shape: [2], bytes: new Uint8Array(8) }, 'float64')).toThrow(/dtype/);
  });

  it('checks decoded outputs against the declared ports', () => {
    const ports = { inputs: {}, outputs: { x: { kind: 'analog', shape: [2] } } } as const;
    const ok = { x: encodePortValue(Float64Array.of(1, 2)) };
    expect(Array.from(decodeOutputs('e', ports, ok).x as Float64Array)).toEqual([1, 2]);
    expect(() => decodeOutputs('e', ports, { x: encodePortValue(Float64Array.of(1)) })).toThrow(/e\.outputs\.x/);
    expect(() => decodeOutputs('e', ports, {})).toThrow(/missing/);
    expect(() => decodeOutputs('e', ports, { ...ok, y: encodePortValue(Float64Array.of(1)) })).toThrow(/not a declared/);
  });

  it('decodes frames without msgpackr code generation (default msgpackr build calls new Function here: checked)', () => {
    // A msgpackr record definition (fixext 0x72) would make the default build compile a reader with
    // new Function after a few uses; the no-eval build must decode or reject without doing so.
    const orig = globalThis.Function;
    let called = 0;
    (globalThis as { Function: unknown }).Function = new Proxy(orig, { construct(t, args) { called++; return Reflect.construct(t, args); } });
    try {
      for (let i = 0; i < 10; i++) {
        try {
          unpackFrame(Uint8Array.from([0x95, 0xd4, 0x72, 0x40, 0x91, 0xa1, 0x61, 0x01, 0x40, 2, 0x40, 3, 0x40, 4, 0x40, 5]));
        } catch {
          /* rejected is fine */
        }
      }
    } finally {
      (globalThis as { Function: unknown }).Function = orig;
    }
    expect(called).toBe(0);
  });
});
