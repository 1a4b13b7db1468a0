/**
 * The whole SpiNNaker live loop on loopback: toolchain stand-in (sqlite DB + notification
 * handshake), board stand-in (SCAMP UDP, injector prefix rules, IPTAG SET, LPG at 1 ms ticks of
 * wall-clock time) and our LiveEventConnection/SpinnakerLiveEngine driving it in real time.
 * Assertions are about protocol content (which atoms, which keys, which ticks), not wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../core/errors.js';
import { type SpikeBatch, spikeBatch } from '../../../core/ports.js';
import { BoardStandIn, type BoardModel, relayBoardModel } from '../../../neuromorphic/stand-ins/board-stand-in.js';
import { emulatorBoardModel } from '../../../neuromorphic/stand-ins/emulator-board-model.js';
import { StandInSession } from '../../../neuromorphic/stand-ins/stand-in-session.js';
import { ToolchainStandIn } from '../../../neuromorphic/stand-ins/toolchain-stand-in.js';
import { LiveDatabaseReader, type LivePopulationDesc, placePopulations, writeLiveDatabase } from '../../../neuromorphic/spinnaker/live-database.js';
import { LiveEventConnection } from '../../../neuromorphic/spinnaker/live-event-connection.js';
import { SpinnakerLiveEngine } from '../../../neuromorphic/spinnaker/spinnaker-live-engine.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const POPS: LivePopulationDesc[] = [
  { label: 'input', nAtoms: 300, atomsPerCore: 512 },
  { label: 'relay', nAtoms: 300, atomsPerCore: 256, liveOutput: true },
  { label: 'noise_control', nAtoms: 4 },
];

async function rig(opts: { fullKeys?: boolean; model?: BoardModel } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nl-spinn-'));
  dirs.push(dir);
  const board = new BoardStandIn({ slices: placePopulations(POPS), injectors: ['input', 'noise_control'], model: opts.model ?? relayBoardModel('input', 'relay', 1), port: 0 });
  const boardPort = await board.listen();
  const conn = new LiveEventConnection({ receiveLabels: ['relay'], sendLabels: ['input', 'noise'], notifyPort: 0, boardPort, localHost: '127.0.0.1' });
  const notifyPort = await conn.start();
  const toolchain = new ToolchainStandIn({ dbDir: dir, populations: POPS, notify: [{ host: '127.0.0.1', port: notifyPort }], confirmationTimeoutMs: 5000 });
  const session = new StandInSession(toolchain, board);
  const engine = new SpinnakerLiveEngine({
    connection: conn, session, inputs: [{ label: 'input', size: 300 }], outputs: [{ label: 'relay', size: 300 }], ...(opts.fullKeys ? { sendFullKeys: true } : {}),
  });
  return { board, conn, toolchain, engine };
}

describe('live database (sql.js, FEC schema subset)', () => {
  it('has several base keys for a population split over cores, and a consistent key↔atom map', async () => {
    const { bytes, slices } = await writeLiveDatabase({ machineTimeStepUs: 1000, runtimeMs: -1, populations: POPS, boardAddress: '127.0.0.1' });
    const r = await LiveDatabaseReader.open(bytes);
    try {
      const relaySlices = slices.filter((s) => s.label === 'relay');
      expect(relaySlices.length).toBe(2);
      const a2k = r.atomToKey('relay');
      expect(a2k.size).toBe(300);
      const bases = new Set([...a2k.values()].map((k) => k & ~0x7ff));
      expect(bases.size).toBe(2);
      expect(a2k.get(255)).toBe((relaySlices[0]!.baseKey | 255) >>> 0);
      expect(a2k.get(256)).toBe(relaySlices[1]!.baseKey);
      for (const [k, a] of r.keyToAtom('relay')) expect(a2k.get(a)).toBe(k);
      expect(r.configuration('machine_time_step')).toBe(1000);
      expect(r.configuration('runtime')).toBe(-1);
      expect(r.liveOutputDetails('relay')).toMatchObject({ tag: 1, stripSdp: true, boardAddress: '127.0.0.1', port: 17895 });
      expect(r.liveOutputDetails('input')).toBeUndefined();
      expect(r.ipAddress(3, 3)).toBe('127.0.0.1'); // FEC's `OR x=0 AND y=0` quirk
      expect(r.placements('relay').length).toBe(2);
    } finally {
      r.close();
    }
  });
  it('rejects a file that is not a toolchain database', async () => {
    await expect(LiveDatabaseReader.open(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
  });
});

describe('live loop over loopback', () => {
  for (const fullKeys of [false, true]) {
    it(`echoes injected spikes through the board at 1 ms ticks (${fullKeys ? '32-bit keys' : '16-bit atom ids'})`, async () => {
      const { board, conn, engine } = await rig({ fullKeys });
      try {
        await engine.init({ seed: 1, startNs: 0, log: () => undefined });
        const injected: number[] = [];
        const got: { atom: number; t: number }[] = [];
        let t = 0;
        for (let k = 0; k < 120; k++) {
          const ids = k < 60 && k % 2 === 0 ? [k, 255 + (k % 40)] : []; // atoms on both relay cores
          injected.push(...ids);
          t += engine.dt;
          const out = await engine.advance(t, { input: spikeBatch(ids, ids.map(() => t - engine.dt)) });
          const b = out.relay as SpikeBatch;
          for (let i = 0; i < b.count; i++) got.push({ atom: b.ids[i]!, t: b.timesNs[i]! });
        }
        // drain: on a loaded machine the real-time loop can fall behind; keep stepping (bounded)
        for (let k = 0; k < 5000 && got.length < injected.length; k++) {
          t += engine.dt;
          const b = (await engine.advance(t, {})).relay as SpikeBatch;
          for (let i = 0; i < b.count; i++) got.push({ atom: b.ids[i]!, t: b.timesNs[i]! });
        }
        // every injected atom came back once, as the right relay atom, stamped with the board tick that emitted it
        expect(got.map((g) => g.atom).sort((a, b) => a - b)).toEqual([...injected].sort((a, b) => a - b));
        const emitted = board.emitted.map(([tick, label, atom]) => `${label}:${atom}@${tick * 1e6}`).sort();
        expect(got.map((g) => `relay:${g.atom}@${g.t}`).sort()).toEqual(emitted);
        expect(board.stats.droppedKeys).toBe(0);
        expect(board.stats.unknownCore).toBe(0);
        expect(conn.stats.unknownKeys).toBe(0);
        expect(conn.stats.tagRefreshes).toBeGreaterThanOrEqual(1);
      } finally {
        await engine.dispose();
      }
    });
  }

  it('the board runs an emulated sPyNNaker network (SpiNNaker profile): injected atoms come back as relay spikes', async () => {
    // input (SpikeInjector) → relay (IF_curr_exp), one-to-one, 10 nA, 1 ms; tau_refrac 20 ms so one input spike makes one relay spike
    const model = emulatorBoardModel({
      timestepMs: 1,
      populations: [
        { label: 'input', size: 300, cellType: 'SpikeSourceExternal' },
        { label: 'relay', size: 300, cellType: 'IF_curr_exp', params: { tau_syn_E: 5, tau_refrac: 20 } },
        { label: 'noise_control', size: 4, cellType: 'SpikeSourceExternal' },
      ],
      projections: [{ label: 'p', pre: 'input', post: 'relay', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: 10, delay: 1 } }],
    });
    const { board, engine } = await rig({ model });
    try {
      await engine.init({ seed: 1, startNs: 0, log: () => undefined });
      const injected: number[] = [];
      const got: number[] = [];
      let t = 0;
      for (let k = 0; k < 100; k++) {
        const ids = k < 50 && k % 5 === 0 ? [k, 260 + k / 5] : [];
        injected.push(...ids);
        t += engine.dt;
        const b = (await engine.advance(t, { input: spikeBatch(ids, ids.map(() => t - engine.dt)) })).relay as SpikeBatch;
        for (let i = 0; i < b.count; i++) got.push(b.ids[i]!);
      }
      for (let k = 0; k < 5000 && got.length < injected.length; k++) {
        t += engine.dt;
        const b = (await engine.advance(t, {})).relay as SpikeBatch;
        for (let i = 0; i < b.count; i++) got.push(b.ids[i]!);
      }
      expect(got.sort((a, b) => a - b)).toEqual(injected.sort((a, b) => a - b));
      expect(board.emitted.filter(([, l]) => l === 'relay').length).toBe(injected.length);
    } finally {
      await engine.dispose();
    }
  });

  it('Poisson rate control reaches the board as S16.15 rates', async () => {
    const { board, conn, engine } = await rig();
    try {
      await engine.init({ seed: 1, startNs: 0, log: () => undefined });
      conn.setRates('noise', [[0, 1], [1, 10], [3, 0.5]]);
      await new Promise((r) => setTimeout(r, 50));
      expect([...board.ratesHz('noise').entries()].sort()).toEqual([[0, 1], [1, 10], [3, 0.5]]);
      expect(() => conn.setRates('noise', [[9, 1]])).toThrow(/noise_control/);
      expect(() => conn.sendSpikes('input', [300])).toThrow(/atom/);
    } finally {
      await engine.dispose();
    }
  });

  it('malformed packets on the notify port are counted, not fatal', async () => {
    const { conn, engine } = await rig();
    try {
      await engine.init({ seed: 1, startNs: 0, log: () => undefined });
      const s = createSocket('udp4');
      await new Promise<void>((r) => s.send(new Uint8Array([0x05, 0x08, 1]), conn.notifyPort, '127.0.0.1', () => r()));
      await new Promise((r) => setTimeout(r, 50));
      s.close();
      expect(conn.stats.malformed).toBe(1);
      const out = await engine.advance(engine.dt, {});
      expect(out.status).toContainEqual({ type: 'protocol', malformed: 1, unknownKeys: 0 });
    } finally {
      await engine.dispose();
    }
  });

  it('the toolchain times out with a protocol error when nobody ACKs the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-spinn-'));
    dirs.push(dir);
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    const tc = new ToolchainStandIn({ dbDir: dir, populations: POPS, notify: [{ host: '127.0.0.1', port: silent.address().port }], confirmationTimeoutMs: 200 });
    try {
      await tc.writeDatabase();
      await expect(tc.notifyDatabase()).rejects.toThrow(ProtocolError);
    } finally {
      await tc.close();
      silent.close();
    }
  });
});

describeEngineConformance('SpinnakerLiveEngine (stand-ins on loopback)', {
  create: async () => (await rig()).engine,
  steps: 10,
  inputs: () => ({}),
  // status carries wall-clock observations (real-time overruns on a loaded machine)
  nondeterministicOutputs: ['status'],
});
