import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { MockEngine } from '../../core/testing/mock-engine.js';
import { msToNs } from '../../core/time.js';
import { RemoteEngine } from '../../remote/remote-engine.js';
import { type EngineHost, serveEngine } from '../../remote/serve-engine.js';
import { RawClient } from './raw-client.js';

let host: EngineHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});
const mock = (): MockEngine => new MockEngine({ name: 'm', dtNs: msToNs(1), channels: 2 });

describe('engine host security', () => {
  it('binds loopback by default', async () => {
    host = await serveEngine(mock());
    expect(host.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a non-loopback bind without a token', async () => {
    await expect(serveEngine(mock(), { host: '0.0.0.0' })).rejects.toThrow(ValidationError);
    await expect(serveEngine(mock(), { host: '0.0.0.0', token: 'short' })).rejects.toThrow(/serveEngine\.token/);
  });

  it('refuses a wrong or missing token and accepts the right one', async () => {
    const token = 'a3f1c2d4e5b6a7980123456789abcdef';
    host = await serveEngine(mock(), { token });
    const wrong = await RawClient.hello(host.url, 'b3f1c2d4e5b6a7980123456789abcdef');
    expect(wrong.replies[0]).toMatchObject({ type: 'error', code: 'auth' });
    expect(await wrong.closed()).toBe(1008);
    const none = await RawClient.hello(host.url);
    expect(none.replies[0]).toMatchObject({ type: 'error', code: 'auth' });
    await expect(RemoteEngine.connect({ url: host.url, token: 'nope' })).rejects.toThrow(/auth/);
    const ok = await RemoteEngine.connect({ url: host.url, token });
    expect(ok.name).toBe('m');
    await ok.dispose();
  });

  it('refuses oversize frames (close 1009) and keeps serving other clients', async () => {
    host = await serveEngine(mock(), { maxFrameBytes: 4096 });
    const c = await RawClient.hello(host.url);
    c.sendRaw(new Uint8Array(10_000));
    expect(await c.closed()).toBe(1009);
    const e = await RemoteEngine.connect({ url: host.url });
    await e.init({ seed: 1, startNs: 0, log: () => undefined });
    await e.dispose();
  });

  it('limits the message rate with a protocol error per excess message', async () => {
    host = await serveEngine(mock(), { maxMessagesPerSecond: 10, burstMessages: 5 });
    const c = await RawClient.hello(host.url); // hello used one token
    for (let i = 0; i < 20; i++) c.send({ type: 'heartbeat', id: i + 1 });
    await c.waitFor(21);
    const codes = c.replies.slice(1).map((r) => (r.type === 'ack' ? 'ack' : r.code));
    expect(codes.filter((x) => x === 'ack').length).toBeLessThanOrEqual(5);
    expect(codes.filter((x) => x === 'rate').length).toBeGreaterThanOrEqual(15);
    c.close();
  });

  it('answers protocol violations with typed errors: version, order, text frames, busy', async () => {
    host = await serveEngine(mock());
    const v = await RawClient.open(host.url);
    v.send({ type: 'hello', version: 99, client: 'x' });
    await v.waitFor(1);
    expect(v.replies[0]).toMatchObject({ code: 'version' });
    expect(await v.closed()).toBe(1002);
    const c = await RawClient.open(host.url);
    c.send({ type: 'advance', id: 1, to: 1, inputs: {} });
    await c.waitFor(1);
    expect(c.replies[0]).toMatchObject({ code: 'state', id: 1 });
    c.send({ type: 'hello', version: 1, client: 'x' });
    c.sendRaw('{"type":"init"}');
    c.send({ type: 'advance', id: 2, to: 1e6, inputs: {} });
    c.send({ type: 'launch-missiles', id: 3 });
    await c.waitFor(5);
    expect(c.replies.slice(1).map((r) => r.type === 'error' ? r.code : r.type)).toEqual(['welcome', 'malformed', 'state', 'unknown-type']);
    const busy = await RawClient.hello(host.url);
    expect(busy.replies[0]).toMatchObject({ code: 'busy' });
    c.close();
  });
});
