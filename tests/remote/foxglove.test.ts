/**
 * Foxglove WebSocket server tested with @foxglove/ws-protocol's FoxgloveClient: the client gets the
 * advertised channels, subscribes, and receives transforms, joint states, a camera image and spike
 * rasters whose payloads validate against the @foxglove/schemas JSON Schemas (via zod's
 * fromJSONSchema) and carry the values the engines produced, stamped with simulated time.
 */
import { createRequire } from 'node:module';
import foxgloveWs from '@foxglove/ws-protocol';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Bus } from '../../core/bus.js';
import type { Engine } from '../../core/engine.js';
import type { Outputs, PortSpec } from '../../core/ports.js';
import { MockEngine } from '../../core/testing/mock-engine.js';
import { msToNs } from '../../core/time.js';
import { defineTransceiver } from '../../core/transceiver.js';
import { FoxgloveBridge, SPIKE_BATCH_SCHEMA } from '../../remote/foxglove-bridge.js';

const { FoxgloveClient } = foxgloveWs;
const schemas = createRequire(import.meta.url)('@foxglove/schemas/jsonschema') as Record<string, object>;

/** Emits a pose per link and a 4×6 RGB gradient image that depends on time. */
class SceneEngine implements Engine {
  readonly name = 'scene';
  readonly dt = msToNs(10);
  readonly ports: PortSpec = { inputs: {}, outputs: { pose: { kind: 'analog', shape: [2, 7] }, image: { kind: 'analog', shape: [4, 6, 3] } } };
  private now = 0;
  init(): Outputs {
    return this.out();
  }
  advance(to: number): Outputs {
    this.now = to;
    return this.out();
  }
  reset(): Outputs {
    this.now = 0;
    return this.out();
  }
  dispose(): void {}
  private out(): Outputs {
    const s = this.now / 1e9;
    const img = new Float64Array(4 * 6 * 3);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 6; x++) {
      img[(y * 6 + x) * 3] = x / 5;
      img[(y * 6 + x) * 3 + 1] = y / 3;
      img[(y * 6 + x) * 3 + 2] = s;
    }
    return { pose: Float64Array.of(s, 0, 0.5, 0, 0, 0, 1, 0.2, 0, 0, 0, 0, Math.sin(0.5), Math.cos(0.5)), image: img };
  }
}

let bridge: FoxgloveBridge | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

describe('Foxglove WebSocket server', () => {
  it('a FoxgloveClient receives transforms, joint states, camera images and spike rasters live', async () => {
    bridge = await FoxgloveBridge.start();
    const body = new MockEngine({ name: 'body', dtNs: msToNs(1), channels: 2, tauMs: 10 });
    const bus = new Bus({
      engines: [body, new SceneEngine()],
      transceivers: [defineTransceiver({ name: 'const', reads: ['scene.pose'], writes: ['body.drive'], fn: () => ({ 'body.drive': Float64Array.of(1, 0.7) }) })],
      seed: 1,
    });
    bridge.attach(bus, {
      everyNs: msToNs(20),
      transforms: [{ topic: '/tf', port: 'scene.pose', frames: [{ parent: 'world', child: 'base' }, { parent: 'base', child: 'arm' }] }],
      jointStates: [{ topic: '/joints', port: 'body.x', names: ['j0', 'j1'] }],
      images: [{ topic: '/camera', port: 'scene.image' }],
      spikes: [{ topic: '/spikes', port: 'body.spikes' }],
    });
    await bus.init();
    const client = new FoxgloveClient({ ws: new WebSocket(bridge.url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) as never });
    const topicBySub = new Map<number, { topic: string; schemaName: string }>();
    const got = new Map<string, { ts: bigint; msg: Record<string, unknown> }[]>();
    let serverName = '';
    client.on('serverInfo', (i) => (serverName = i.name));
    client.on('advertise', (chs) => {
      for (const c of chs) topicBySub.set(client.subscribe(c.id), { topic: c.topic, schemaName: c.schemaName });
    });
    client.on('message', (m) => {
      const t = topicBySub.get(m.subscriptionId);
      if (t === undefined) return;
      const msg = JSON.parse(new TextDecoder().decode(m.data)) as Record<string, unknown>;
      got.set(t.topic, [...(got.get(t.topic) ?? []), { ts: m.timestamp, msg }]);
    });
    const until = async (cond: () => boolean): Promise<void> => {
      const t = Date.now();
      while (!cond()) {
        if (Date.now() - t > 5000) throw new Error('timeout');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await until(() => topicBySub.size === 4);
    await new Promise((r) => setTimeout(r, 50)); // let the subscribe ops reach the server
    await bus.runUntil(msToNs(300));
    await until(() => ['/tf', '/joints', '/camera', '/spikes'].every((t) => (got.get(t)?.length ?? 0) >= 10));
    expect(serverName).toBe('neuroloop');
    expect([...topicBySub.values()].map((c) => c.schemaName).sort()).toEqual(['foxglove.FrameTransforms', 'foxglove.JointStates', 'foxglove.RawImage', 'neuroloop.SpikeBatch']);

    const validators: Record<string, z.ZodType> = {
      '/tf': z.fromJSONSchema(schemas.FrameTransforms as never), '/joints': z.fromJSONSchema(schemas.JointStates as never),
      '/camera': z.fromJSONSchema(schemas.RawImage as never), '/spikes': z.fromJSONSchema(SPIKE_BATCH_SCHEMA as never),
    };
    for (const [topic, msgs] of got) for (const { msg } of msgs) expect(validators[topic]?.safeParse(msg).success, `${topic} payload vs schema`).toBe(true);

    // timestamps are simulated time, every 20 ms
    const tf = got.get('/tf')!;
    expect(tf.slice(0, 3).map((m) => m.ts)).toEqual([0n, 20_000_000n, 40_000_000n]);
    const tf1 = tf[1]!.msg as { transforms: { child_frame_id: string; translation: { x: number }; rotation: { z: number } }[] };
    expect(tf1.transforms[0]?.translation.x).toBeCloseTo(0.02, 12);
    expect(tf1.transforms[1]?.rotation.z).toBeCloseTo(Math.sin(0.5), 12);
    // joint states follow the body: x → drive with τ = 10 ms
    const j = got.get('/joints')!.at(-1)!.msg as { joints: { name: string; position: number }[]; timestamp: { sec: number; nsec: number } };
    expect(j.joints.map((q) => q.name)).toEqual(['j0', 'j1']);
    expect(j.joints[0]?.position).toBeCloseTo(1, 6);
    // the camera image round-trips pixel for pixel
    const img = got.get('/camera')![5]!.msg as { width: number; height: number; encoding: string; step: number; data: string };
    expect([img.width, img.height, img.encoding, img.step]).toEqual([6, 4, 'rgb8', 18]);
    const px = Buffer.from(img.data, 'base64');
    expect(px.length).toBe(72);
    expect([px[(2 * 6 + 5) * 3], px[(2 * 6 + 5) * 3 + 1], px[(2 * 6 + 5) * 3 + 2]]).toEqual([255, Math.round((2 / 3) * 255), Math.round(0.1 * 255)]);
    // each channel crossed 0.5 once: the raster holds exactly those two spikes
    expect(got.get('/spikes')!.flatMap((m) => (m.msg as { ids: number[] }).ids).sort()).toEqual([0, 1]);
    client.close();
    await bus.dispose();
  }, 30_000);

  it('needs a token for a non-loopback bind and refuses a wrong one', async () => {
    await expect(FoxgloveBridge.start({ host: '0.0.0.0' })).rejects.toThrow(/foxglove\.token/);
    bridge = await FoxgloveBridge.start({ token: 'abcdefabcdefabcdef12' });
    const bad = new WebSocket(`${bridge.url}/?token=nope`, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]);
    expect(await new Promise<number>((r) => bad.once('close', (c) => r(c)))).toBe(1008);
  });
});
