import { afterAll, describe, expect, it } from 'vitest';
import { EngineError, ValidationError } from '../../core/errors.js';
import { MockEngine } from '../../core/testing/mock-engine.js';
import { msToNs } from '../../core/time.js';
import { RemoteEngine } from '../../remote/remote-engine.js';
import { type EngineHost, serveEngine } from '../../remote/serve-engine.js';
import { describeEngineConformance } from '../conformance/engine-conformance.js';

const hosts: EngineHost[] = [];
afterAll(async () => {
  for (const h of hosts) await h.close();
});

async function remoteMock(channels = 3): Promise<RemoteEngine> {
  const host = await serveEngine(new MockEngine({ name: 'mock', dtNs: msToNs(0.5), channels }));
  hosts.push(host);
  return RemoteEngine.connect({ url: host.url, timeoutMs: 5000 });
}

describeEngineConformance('RemoteEngine(MockEngine)', {
  create: () => remoteMock(),
  inputs: (k) => ({ drive: Float64Array.of(Math.sin(k), 1, -0.5 * k) }),
  steps: 30,
});

describe('RemoteEngine', () => {
  it('gives bit-identical outputs to the same engine in-process', async () => {
    const local = new MockEngine({ name: 'mock', dtNs: msToNs(0.5), channels: 3 });
    const remote = await remoteMock(3);
    const ctx = { seed: 77, startNs: 0, log: () => undefined };
    expect(await remote.init(ctx)).toEqual(local.init(ctx));
    for (let k = 1; k <= 200; k++) {
      const inp = { drive: Float64Array.of(Math.cos(k / 7), 0.9, k / 100) };
      const a = local.advance(k * msToNs(0.5), inp);
      const b = await remote.advance(k * msToNs(0.5), inp);
      expect(b).toEqual(a);
    }
    await remote.dispose();
  });

  it('names the engine, port and fix for bad inputs rejected by the host itself', async () => {
    const remote = await remoteMock(1);
    await remote.init({ seed: 1, startNs: 0, log: () => undefined });
    // bypass the local check: the host must still reject with the same ValidationError
    const err = await (remote as unknown as { request: (b: (id: number) => object, t: number) => Promise<unknown> })
      .request((id) => ({ type: 'advance', id, to: msToNs(0.5), inputs: { drive: { kind: 'analog', data: { dtype: 'float64', shape: [2], bytes: new Uint8Array(16) } } } }), 0)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('mock.inputs.drive');
    await remote.dispose();
  });

  it('aborts with an EngineError naming engine and time when the host dies mid-run', async () => {
    const host = await serveEngine(new MockEngine({ name: 'fragile', dtNs: msToNs(1) }));
    const remote = await RemoteEngine.connect({ url: host.url, timeoutMs: 2000 });
    await remote.init({ seed: 1, startNs: 0, log: () => undefined });
    await remote.advance(msToNs(1), {});
    await host.close();
    const err = await Promise.resolve(remote.advance(msToNs(2), {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(String(err)).toMatch(/fragile.*t=1 ms.*policy 'abort'/);
    expect(remote.faults.map((f) => f.kind)).toContain('abort');
    await remote.dispose();
  });

  it('refuses the hold policy for a deterministic (non-wall-clock) engine', async () => {
    const host = await serveEngine(new MockEngine({ name: 'det', dtNs: msToNs(1) }));
    hosts.push(host);
    await expect(RemoteEngine.connect({ url: host.url, policy: { onFault: 'hold', maxHeldSteps: 3 } })).rejects.toThrow(/det\.policy/);
  });
});
