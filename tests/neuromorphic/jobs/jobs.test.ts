/**
 * Job access against loopback stand-ins: the EBRAINS NMPI queue (bearer auth, submit, poll,
 * outputs, provider side) driving a BrainScaleS-2 batch run whose "hardware site" is our emulator
 * in the BSS-2 profile (spikes returned in hardware ms, mapped back to biological ms by the
 * adapter), and classic spalloc (JSON lines over TCP: create, poll to READY, machine info,
 * notifications, destroy, exceptions, malformed replies).
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, ValidationError } from '../../../core/errors.js';
import type { SpikeBatch } from '../../../core/ports.js';
import type { NetworkDescInput } from '../../../brains/network/index.js';
import { runBrainScaleS2Batch } from '../../../neuromorphic/brainscales2/index.js';
import { EmulatorEngine } from '../../../neuromorphic/emulator/index.js';
import { NmpiClient, SpallocClient, SpallocJobState } from '../../../neuromorphic/jobs/index.js';
import { NmpiStandIn, SpallocStandIn } from '../../../neuromorphic/stand-ins/index.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const NET: NetworkDescInput = {
  timestepMs: 0.1,
  populations: [
    { label: 'src', size: 4, cellType: 'SpikeSourceArray', spikeTimes: [[5, 30, 31], [12], [40, 41, 42], []] },
    { label: 'n', size: 3, cellType: 'IF_curr_exp', params: { tau_m: 10, tau_syn_E: 5, tau_syn_I: 5, tau_refrac: 2 } },
  ],
  projections: [{ label: 'p', pre: 'src', post: 'n', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: 2.5, delay: 0.1 } }],
};

function emulateBss2(runMs: number): Record<string, number[][]> {
  const e = new EmulatorEngine(NET, { profile: 'brainscales2' });
  e.init({ seed: 0, startNs: 0, log: () => undefined });
  const out: Record<string, number[][]> = { src: [[], [], [], []], n: [[], [], []] };
  for (let k = 0; k < Math.round(runMs / 0.1); k++) {
    const o = e.advance((k + 1) * e.dt, {});
    for (const l of ['src', 'n']) {
      const b = o[`${l}.spikes`] as SpikeBatch;
      for (let i = 0; i < b.count; i++) out[l]![b.ids[i]!]!.push(b.timesNs[i]! / 1e6);
    }
  }
  return out;
}

describe('EBRAINS NMPI job queue (stand-in) + BrainScaleS-2 batch adapter', () => {
  async function rig(executor?: ConstructorParameters<typeof NmpiStandIn>[0]['executor']) {
    const srv = new NmpiStandIn({ tokens: ['tok'], apiKeys: ['site-key'], ...(executor ? { executor } : {}) });
    const base = await srv.listen();
    cleanup.push(() => srv.close());
    return { srv, base, client: new NmpiClient({ token: 'tok', baseUrl: base, pollMs: 10 }) };
  }

  it('runs a batch: script submitted, polled, spikes fetched and mapped from hardware to biological time', async () => {
    const bio = emulateBss2(60);
    let seen = '';
    const { srv, client } = await rig(async (job) => {
      seen = job.code;
      if (job.hardware_platform !== 'BrainScaleS-2' || !job.code.includes('pynn_brainscales.brainscales2')) throw new Error('not a BSS-2 job');
      const hw = Object.fromEntries(Object.entries(bio).map(([l, trains]) => [l, trains.map((t) => t.map((x) => x / 1000))]));
      return { files: [{ path: 'spikes.json', content: JSON.stringify({ time_base: 'hardware_ms', acceleration: 1000, spikes: hw }), contentType: 'application/json' }], log: 'ok' };
    });
    const r = await runBrainScaleS2Batch(NET, { client, collab: 'my-collab', runMs: 60 });
    expect(r.job.status).toBe('finished');
    expect(seen).toContain('sim.run(0.06)');
    expect(bio.n!.flat().length).toBeGreaterThan(0);
    for (const l of ['src', 'n']) {
      r.spikesBioMs[l]!.forEach((t, i) => t.forEach((x, j) => expect(x).toBeCloseTo(bio[l]![i]![j]!, 9)));
      expect(r.spikesBioMs[l]!.map((t) => t.length)).toEqual(bio[l]!.map((t) => t.length));
    }
    expect(srv.requests.filter((q) => q.startsWith('GET /jobs/1?')).length).toBeGreaterThanOrEqual(2); // polled
    expect(srv.requests).toContain('POST /jobs/');
  });

  it('a failed job surfaces its log as a protocol error', async () => {
    const { client } = await rig(async () => {
      throw new Error('calibration failed on chip 62');
    });
    await expect(runBrainScaleS2Batch(NET, { client, collab: 'c', runMs: 10 })).rejects.toThrow(/calibration failed/);
  });

  it('wrong token → 401 protocol error; unknown job → 404; empty token rejected up front', async () => {
    const { base, client } = await rig();
    await expect(new NmpiClient({ token: 'bad', baseUrl: base }).getJob(1)).rejects.toThrow(/401/);
    await expect(client.getJob(99)).rejects.toThrow(/404/);
    expect(() => new NmpiClient({ token: '' })).toThrow(ValidationError);
  });

  it('provider side: next job for a platform, then PUT finishes it with outputs', async () => {
    const { base, client } = await rig();
    const j = await client.submitJob({ code: 'print(1)', command: 'run.py {system}', collab: 'c', hardware_platform: 'SpiNNaker' });
    expect(j).toMatchObject({ id: 1, status: 'submitted', resource_uri: '/jobs/1' });
    const none = await fetch(`${base}/jobs/next/BrainScaleS-2`, { headers: { 'x-api-key': 'site-key' } });
    expect(none.status).toBe(404);
    const next = (await (await fetch(`${base}/jobs/next/SpiNNaker`, { headers: { 'x-api-key': 'site-key' } })).json()) as { id: number };
    expect(next.id).toBe(1);
    const put = await fetch(`${base}/jobs/1`, { method: 'PUT', headers: { 'x-api-key': 'site-key', 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'finished', log: 'done', output_data: { repository: 'x', files: [] } }) });
    expect(put.status).toBe(200);
    expect(await client.waitForJob(1)).toMatchObject({ status: 'finished' });
    expect(await client.getLog(1)).toBe('done');
  });
});

describe('spalloc (stand-in, JSON lines over TCP)', () => {
  it('create → poll to READY with keepalives → machine info → destroy, with notifications', async () => {
    const srv = new SpallocStandIn('127.0.0.1');
    const port = await srv.listen();
    const c = new SpallocClient('127.0.0.1', port);
    await c.connect();
    cleanup.push(() => { c.close(); return srv.close(); });
    expect(await c.version()).toMatch(/stand-in/);
    await expect(c.createJob('', [1])).rejects.toThrow(ValidationError);
    await expect(c.call('create_job', [1], {})).rejects.toThrow(/owner must be specified/);
    const id = await c.createJob('me@example.org', [1], { keepalive: 60 });
    await c.notifyJob(id);
    expect((await c.getJobState(id)).state).toBe(SpallocJobState.POWER);
    await c.waitUntilReady(id, 5);
    const info = await c.getJobMachineInfo(id);
    expect(info.connections[0]).toEqual([[0, 0], '127.0.0.1']);
    expect(c.notifications).toContainEqual({ jobs_changed: [id] });
    expect((await c.listJobs()).length).toBe(1);
    await c.destroyJob(id, 'test over');
    expect(await c.getJobState(id)).toMatchObject({ state: SpallocJobState.DESTROYED, reason: 'test over' });
    await expect(c.call('no_such_command')).rejects.toThrow(ProtocolError);
  });

  it('a malformed reply line is a protocol error, not a crash', async () => {
    const bad = createServer((s) => s.on('data', () => s.write('this is not json\n')));
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', () => r()));
    const a = bad.address();
    const c = new SpallocClient('127.0.0.1', typeof a === 'object' && a !== null ? a.port : 0, 500);
    await c.connect();
    cleanup.push(() => { c.close(); return new Promise<void>((r) => bad.close(() => r())); });
    await expect(c.version()).rejects.toThrow(ProtocolError);
  });
});
