/**
 * remote/python's host library without Brian2: a pure-Python integrator engine. Conformance, token,
 * oversize frames and malformed frames (each answered with a protocol error, host stays up).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { msToNs } from '../../core/time.js';
import { packFrame } from '../../remote/msgpack.js';
import { RemoteEngine } from '../../remote/remote-engine.js';
import { type ChildHost, spawnHost } from '../../remote/spawn-host.js';
import { describeEngineConformance } from '../conformance/engine-conformance.js';
import { RawClient } from './raw-client.js';

const TOKEN = 'py-token-0123456789abcdef';
let host: ChildHost | undefined;
async function start(): Promise<ChildHost> {
  host ??= await spawnHost('/usr/bin/python3', ['tests/remote/fixtures/echo_engine.py'], { env: { ...process.env, NEUROLOOP_TOKEN: TOKEN } });
  return host;
}
afterAll(async () => {
  await host?.stop();
});

describeEngineConformance('RemoteEngine(pure-Python engine)', {
  create: async () => RemoteEngine.connect({ url: (await start()).url, token: TOKEN }),
  inputs: (k) => ({ u: Float64Array.of(k, -k) }),
  timeoutMs: 60_000,
});

describe('Python host security and robustness', () => {
  it('computes what the Python engine integrates, events included', async () => {
    const e = await RemoteEngine.connect({ url: (await start()).url, token: TOKEN });
    await e.init({ seed: 1, startNs: 0, log: () => undefined });
    let out = await e.advance(msToNs(1), { u: Float64Array.of(1000, 2000) });
    for (let k = 2; k <= 10; k++) out = await e.advance(msToNs(k), { u: Float64Array.of(1000, 2000) });
    expect(Array.from(out.y as Float64Array)).toEqual([10, 20]);
    expect(out.ev).toEqual([{ type: 'tick', t: 10_000_000 }]);
    await e.dispose();
  }, 60_000);

  it('refuses a wrong token, oversize frames, and answers malformed frames with protocol errors', async () => {
    const url = (await start()).url;
    await expect(RemoteEngine.connect({ url, token: 'wrong' })).rejects.toThrow(/auth/);
    const big = await RawClient.hello(url, TOKEN);
    big.sendRaw(new Uint8Array(10_000));
    expect(await big.closed()).toBe(1009);
    const c = await RawClient.hello(url, TOKEN);
    const rng = new Rng(5);
    const frames: (Uint8Array | string)[] = [
      'text frame', packFrame(42), packFrame({ type: 'launch' }), packFrame({ type: 'advance', id: 1, to: 1, inputs: {} }),
      packFrame({ type: 'init', id: 2, seed: -1, startNs: 0 }), packFrame({ type: 'advance', id: 3, to: 'x', inputs: {} }),
    ];
    for (let i = 0; i < 200; i++) frames.push(new Uint8Array(1 + rng.int(100)).map(() => rng.int(256)));
    for (const f of frames) c.sendRaw(f);
    await c.waitFor(1 + frames.length, 30_000);
    const codes = c.replies.slice(1).map((r) => (r.type === 'error' ? String(r.code) : String(r.type)));
    expect(codes.slice(0, 6)).toEqual(['malformed', 'malformed', 'unknown-type', 'state', 'malformed', 'malformed']);
    expect(codes.every((x) => ['malformed', 'unknown-type', 'state'].includes(x))).toBe(true);
    c.close();
    const ok = await RemoteEngine.connect({ url, token: TOKEN });
    await ok.init({ seed: 1, startNs: 0, log: () => undefined });
    await ok.dispose();
  }, 60_000);
});
