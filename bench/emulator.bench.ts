/**
 * `npm run bench -- emulator [--json] [--seconds S] [--neurons N] [--runs R]`: events per second of
 * the event-driven emulator vs our float simulator (brains/spiking SpikingEngine) on a sparse
 * network: N IF_curr_exp neurons (default 10 000), each receiving 10 inputs from 1 000 Poisson-timed
 * SpikeSourceArray fibres at 5 Hz (sub-threshold, so activity stays sparse) plus a sparse
 * recurrent projection; dt 0.1 ms. Both engines produce identical spikes (tests/neuromorphic/
 * emulator/emulator-vs-spiking.test.ts), so they do the same synaptic work; an "event" is one
 * delivered synaptic event (spike × outgoing connection). Median of R runs (default 3), measured in
 * the same process on the same machine; the SpiNNaker profile (s16.15, 1 ms ticks) is reported too.
 */
import os from 'node:os';
import { Rng } from '../core/random.js';
import type { NetworkDescInput } from '../brains/network/index.js';
import { SpikingEngine } from '../brains/spiking/index.js';
import { EmulatorEngine } from '../neuromorphic/emulator/index.js';

function arg(args: string[], name: string, def: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : def;
}

function network(n: number, seconds: number, dtMs: number): NetworkDescInput {
  const rng = new Rng(42);
  const fibres = 1000;
  const times: number[][] = [];
  for (let f = 0; f < fibres; f++) {
    const t: number[] = [];
    for (let s = rng.exponential(5 / 1000); s < seconds * 1000; s += rng.exponential(5 / 1000)) t.push(Math.round(s / dtMs) * dtMs);
    times.push(t);
  }
  return {
    timestepMs: dtMs,
    populations: [
      { label: 'fib', size: fibres, cellType: 'SpikeSourceArray', spikeTimes: times },
      { label: 'n', size: n, cellType: 'IF_curr_exp', params: { tau_refrac: 2 } },
    ],
    projections: [
      { label: 'ff', pre: 'fib', post: 'n', connector: { type: 'FixedNumberPre', n: 10 }, synapse: { type: 'StaticSynapse', weight: 0.6, delay: 1 } },
      { label: 'rec', pre: 'n', post: 'n', connector: { type: 'FixedNumberPre', n: 5 }, synapse: { type: 'StaticSynapse', weight: 0.3, delay: 2 } },
    ],
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Run { wallS: number; events: number; spikes: number; updates: number }

function runEmu(net: NetworkDescInput, profile: 'float' | 'spinnaker', seconds: number): Run {
  const e = new EmulatorEngine(net, { profile, spikeOutputs: ['n'] });
  e.init({ seed: 1, startNs: 0, log: () => undefined });
  const steps = Math.round((seconds * 1e9) / e.dt);
  const t0 = performance.now();
  for (let k = 0; k < steps; k++) e.advance((k + 1) * e.dt, {});
  const wallS = (performance.now() - t0) / 1000;
  return { wallS, events: e.stats.synapticEvents, spikes: e.stats.spikes, updates: e.stats.neuronUpdates };
}

function runSim(net: NetworkDescInput, seconds: number, events: number): Run {
  const e = new SpikingEngine({ name: 'sim', network: net, spikeOutputs: ['n'] });
  e.init({ seed: 1, startNs: 0, log: () => undefined });
  const steps = Math.round((seconds * 1e9) / e.dt);
  const t0 = performance.now();
  for (let k = 0; k < steps; k++) e.advance((k + 1) * e.dt, {});
  const wallS = (performance.now() - t0) / 1000;
  return { wallS, events, spikes: 0, updates: 0 };
}

export default async function emulatorBench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const seconds = arg(args, 'seconds', 1);
  const n = arg(args, 'neurons', 10_000);
  const runs = arg(args, 'runs', 3);
  const net = network(n, seconds, 0.1);
  const netSp = network(n, seconds, 1);
  const emu: Run[] = [];
  const sim: Run[] = [];
  const spin: Run[] = [];
  for (let r = 0; r < runs; r++) {
    const a = runEmu(net, 'float', seconds);
    emu.push(a);
    sim.push(runSim(net, seconds, a.events));
    spin.push(runEmu(netSp, 'spinnaker', seconds));
  }
  const evPerS = (rs: Run[]): number => median(rs.map((r) => r.events / r.wallS));
  const ours = evPerS(emu);
  const peer = evPerS(sim);
  const result = {
    benchmark: 'emulator',
    network: { neurons: n, fibres: 1000, fibreRateHz: 5, dtMs: 0.1, simSeconds: seconds },
    figures: {
      emulatorFloat: { eventsPerS: ours, wallS: median(emu.map((r) => r.wallS)), synapticEvents: emu[0]!.events, spikes: emu[0]!.spikes, neuronUpdates: emu[0]!.updates, denseUpdates: (n * seconds * 1000) / 0.1 },
      spikingEngine: { eventsPerS: peer, wallS: median(sim.map((r) => r.wallS)) },
      emulatorSpinnaker: { eventsPerS: evPerS(spin), wallS: median(spin.map((r) => r.wallS)), synapticEvents: spin[0]!.events, tickMs: 1 },
    },
    ratio: { emulatorOverSpikingEngine: ours / peer },
    runs,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg() },
  };
  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(`emulator bench: ${n} neurons, 1000 fibres at 5 Hz, ${seconds} s, dt 0.1 ms, median of ${runs}`);
  console.log('| engine | synaptic events/s | wall s |');
  console.log('|---|---|---|');
  console.log(`| emulator (float, ours) | ${ours.toExponential(3)} | ${result.figures.emulatorFloat.wallS.toFixed(3)} |`);
  console.log(`| SpikingEngine (peer) | ${peer.toExponential(3)} | ${result.figures.spikingEngine.wallS.toFixed(3)} |`);
  console.log(`| ratio ours/peer | ${(ours / peer).toFixed(2)} | |`);
  console.log(`| emulator (spinnaker, 1 ms) | ${result.figures.emulatorSpinnaker.eventsPerS.toExponential(3)} | ${result.figures.emulatorSpinnaker.wallS.toFixed(3)} |`);
  console.log(`neuron updates: emulator ${result.figures.emulatorFloat.neuronUpdates} vs dense ${result.figures.emulatorFloat.denseUpdates}`);
}
