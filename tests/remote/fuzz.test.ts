/**
 * Fuzz: 100,000 random and mutated frames against one engine host over one connection. Every frame
 * must get exactly one reply (no crash, no hang, no silent drop); frames that are not valid
 * messages must be answered with a protocol error; the host must still serve a normal client after.
 * Bounded: frames are sent in windows of 2,000 with a 50 s overall budget (about 13 s on two otherwise idle cores).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { MockEngine } from '../../core/testing/mock-engine.js';
import { msToNs } from '../../core/time.js';
import { packFrame } from '../../remote/msgpack.js';
import { parseClientMessage } from '../../remote/message-schema.js';
import { unpackFrame } from '../../remote/msgpack.js';
import { RemoteEngine } from '../../remote/remote-engine.js';
import { serveEngine } from '../../remote/serve-engine.js';
import { encodeValues } from '../../remote/wire-codec.js';
import { RawClient } from './raw-client.js';

const FRAMES = 100_000;
const WINDOW = 2_000;

function seeds(): Uint8Array[] {
  const dt = msToNs(1);
  return [
    { type: 'init', id: 1, seed: 5, startNs: 0 },
    { type: 'advance', id: 2, to: dt, inputs: encodeValues({ drive: Float64Array.of(0.3, 0.7) }) },
    { type: 'advance', id: 3, to: 2 * dt, inputs: {} },
    { type: 'reset', id: 4, keep: ['weights'], seed: 9 },
    { type: 'heartbeat', id: 5 },
    { type: 'resync', id: 6 },
    { type: 'advance', id: 7, to: dt, inputs: encodeValues({ drive: { ids: Int32Array.of(1), timesNs: Float64Array.of(0), count: 1 } }) },
  ].map((m) => packFrame(m));
}

function mutate(rng: Rng, base: Uint8Array): Uint8Array {
  const b = Uint8Array.from(base);
  switch (rng.int(5)) {
    case 0: // bit flips
      for (let k = 1 + rng.int(4); k > 0; k--) {
        const i = rng.int(b.length);
        b[i] = (b[i] as number) ^ (1 << rng.int(8));
      }
      return b;
    case 1: // truncation
      return b.subarray(0, rng.int(b.length));
    case 2: { // random byte overwrite with interesting values
      const interesting = [0x00, 0xff, 0x7f, 0x80, 0xc1, 0xd4, 0xdd, 0xdf, 0xc6, 0xc9, 0x72];
      for (let k = 1 + rng.int(3); k > 0; k--) b[rng.int(b.length)] = interesting[rng.int(interesting.length)] as number;
      return b;
    }
    case 3: { // insertion of random bytes
      const at = rng.int(b.length);
      const ins = new Uint8Array(1 + rng.int(16)).map(() => rng.int(256));
      const out = new Uint8Array(b.length + ins.length);
      out.set(b.subarray(0, at));
      out.set(ins, at);
      out.set(b.subarray(at), at + ins.length);
      return out;
    }
    default: // random garbage
      return new Uint8Array(rng.int(200)).map(() => rng.int(256));
  }
}

function structuredGarbage(rng: Rng): Uint8Array {
  const pick = rng.int(8);
  const values: unknown[] = [
    null, 42, 'advance', [1, 2, 3], { type: 'advance' }, { type: 'advance', id: -1, to: 1, inputs: {} },
    { type: 'advance', id: 1, to: 1.5, inputs: {} }, { type: 'init', id: 1, seed: 2 ** 40, startNs: 0 },
    { type: 'advance', id: 1, to: 1e6, inputs: { drive: { kind: 'analog', data: { dtype: 'float64', shape: [1e9], bytes: new Uint8Array(8) } } } },
    { type: 'advance', id: 1, to: 1e6, inputs: { drive: { kind: 'spikes', ids: 'x' } } },
    { type: '__proto__', id: 1 }, { type: 'constructor', id: 1 }, { type: 'toString', id: 1 },
    { type: 'hello', version: 1, client: 'again' }, { type: 'reset', id: 1, keep: 'all' },
  ];
  return packFrame(values[(pick + rng.int(values.length)) % values.length]);
}

describe('protocol fuzz', () => {
  it(`answers ${FRAMES} random/mutated frames, one reply each, without crashing or hanging`, async () => {
    const host = await serveEngine(new MockEngine({ name: 'fz', dtNs: msToNs(1), channels: 2 }), {
      maxMessagesPerSecond: 1e9,
      burstMessages: 1e9,
      maxFrameBytes: 1 << 16,
    });
    const c = await RawClient.hello(host.url);
    expect(c.replies[0]).toMatchObject({ type: 'welcome' });
    const rng = new Rng(20261122);
    const base = seeds();
    let invalid = 0;
    const sentValid: boolean[] = [];
    const deadline = Date.now() + 50_000; // bounded: ~13 s on 2 idle cores; the budget leaves room for a loaded CI box
    let sent = 0;
    while (sent < FRAMES && Date.now() < deadline) {
      for (let k = 0; k < WINDOW && sent < FRAMES; k++, sent++) {
        const r = rng.float();
        const f = r < 0.7 ? mutate(rng, base[rng.int(base.length)] as Uint8Array) : r < 0.9 ? structuredGarbage(rng) : (base[rng.int(base.length)] as Uint8Array);
        let valid = true;
        const lim = Error.stackTraceLimit;
        Error.stackTraceLimit = 0; // classification throws often; stacks are not needed
        try {
          const m = parseClientMessage(unpackFrame(f));
          if (m.type === 'hello') valid = false; // hello twice is a protocol error too
        } catch {
          valid = false;
        } finally {
          Error.stackTraceLimit = lim;
        }
        if (!valid) invalid++;
        sentValid.push(valid);
        c.sendRaw(f);
      }
      await c.waitFor(1 + sent, 15_000);
    }
    expect(sent).toBe(FRAMES);
    expect(c.closeCode).toBeUndefined();
    expect(c.replies.length).toBe(1 + FRAMES);
    // every invalid frame was answered with a protocol error (replies are in request order)
    let protocolErrors = 0;
    const wrong: string[] = [];
    const protocolCodes = new Set(['malformed', 'unknown-type', 'state']);
    for (let i = 0; i < FRAMES; i++) {
      const r = c.replies[i + 1] as { type: string; code?: string };
      if (!(sentValid[i] as boolean)) {
        if (r.type === 'error' && protocolCodes.has(r.code as string)) protocolErrors++;
        else if (wrong.length < 5) wrong.push(`frame ${i}: ${JSON.stringify(r).slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(protocolErrors).toBe(invalid);
    expect(invalid).toBeGreaterThan(FRAMES * 0.5);
    expect(host.stats.frames).toBe(1 + FRAMES);
    c.close();
    // the host still serves a well-behaved client
    const e = await RemoteEngine.connect({ url: host.url });
    await e.init({ seed: 1, startNs: 0, log: () => undefined });
    await e.advance(msToNs(1), { drive: Float64Array.of(1, 1) });
    await e.dispose();
    await host.close();
  }, 90_000);
});
