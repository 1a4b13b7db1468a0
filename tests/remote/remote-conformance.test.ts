/**
 * The engine conformance suite run against a RemoteEngine wrapping each existing engine kind
 * (served over loopback websocket by serveEngine). The local setups mirror each engine's own
 * conformance test.
 */
import { afterAll } from 'vitest';
import type { Engine } from '../../core/engine.js';
import { Rng } from '../../core/random.js';
import { MeanFieldEngine, randomConnectivity } from '../../brains/meanfield/index.js';
import { OnnxEngine, mlpFromParams, mlpParamCount, mlpToOnnx } from '../../brains/onnx/index.js';
import { BodyEngine } from '../../bodies/body-engine.js';
import { pendulumRobot } from '../../bodies/robots/pendulum.js';
import type { NetworkDescInput } from '../../brains/network/index.js';
import { SpikingEngine } from '../../brains/spiking/index.js';
import { spikeBatch } from '../../core/ports.js';
import { EmulatorEngine } from '../../neuromorphic/emulator/index.js';
import { RemoteEngine } from '../../remote/remote-engine.js';
import { type EngineHost, serveEngine } from '../../remote/serve-engine.js';
import { describeEngineConformance } from '../conformance/engine-conformance.js';

const hosts: EngineHost[] = [];
afterAll(async () => {
  for (const h of hosts) await h.close();
});

async function remoteOf(local: Engine | Promise<Engine>): Promise<RemoteEngine> {
  const host = await serveEngine(await local);
  hosts.push(host);
  return RemoteEngine.connect({ url: host.url, timeoutMs: 20_000 });
}

const conn = randomConnectivity(6, 3, { density: 0.5 });
describeEngineConformance('RemoteEngine(MeanFieldEngine JansenRit, stochastic Heun)', {
  create: () => remoteOf(new MeanFieldEngine({
    name: 'mf', model: { kind: 'JansenRit' }, connectivity: conn, coupling: { kind: 'SigmoidalJansenRit', a: 10 },
    integrator: { kind: 'Heun', nsig: [0, 0, 0, 0, 1e-4, 0] }, dtMs: 0.1, stepsPerExchange: 5, proxyNodes: [2], bold: { periodMs: 8 },
  })),
  inputs: (k) => ({ drive: new Float64Array(6).fill(0.01 * (k % 3)), proxy: Float64Array.of(0.001 * k) }),
  steps: 30,
});

function mlp(): { engine: OnnxEngine } {
  const sizes = [3, 16, 2];
  const rng = new Rng(2);
  const p = new Float64Array(mlpParamCount(sizes));
  for (let i = 0; i < p.length; i++) p[i] = rng.normal(0, 0.5);
  const desc = mlpFromParams(sizes, ['tanh', 'identity'], p);
  return { engine: new OnnxEngine({ name: 'onnx_mlp', dtNs: 1_000_000, model: mlpToOnnx(desc), inputs: { obs: { tensor: 'obs', size: 3 } }, outputs: { action: { tensor: 'action', size: 2 } } }) };
}
describeEngineConformance('RemoteEngine(OnnxEngine MLP)', {
  create: () => remoteOf(mlp().engine),
  inputs: (k) => ({ obs: Float64Array.of(Math.sin(k), Math.cos(k), 0.1 * k) }),
});

describeEngineConformance('RemoteEngine(BodyEngine pendulum, Rapier)', {
  create: () => remoteOf(new BodyEngine({ robot: pendulumRobot() })),
  inputs: (k) => ({ 'torque.command': Float64Array.of(0.02 * Math.sin(k / 5)) }),
});

const spikingNet = (): NetworkDescInput => ({
  timestepMs: 0.1,
  populations: [
    { label: 'MF', size: 20, cellType: 'SpikeSourceExternal' },
    { label: 'bg', size: 20, cellType: 'SpikeSourcePoisson', params: { rate: 50 } },
    { label: 'GrC', size: 50, cellType: 'IF_cond_exp', initial: { v: { distribution: 'uniform', low: -65, high: -55 } } },
  ],
  projections: [
    { label: 'mf_grc', pre: 'MF', post: 'GrC', connector: { type: 'FixedNumberPre', n: 4 }, synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: 0.02, high: 0.04 }, delay: 1 } },
    { label: 'bg_grc', pre: 'bg', post: 'GrC', connector: { type: 'FixedProbability', p: 0.2 }, synapse: { type: 'StaticSynapse', weight: 0.01, delay: 0.5 } },
  ],
});
describeEngineConformance('RemoteEngine(SpikingEngine)', {
  create: () => remoteOf(new SpikingEngine({ name: 'brain', network: spikingNet(), dtNs: 1_000_000, spikeOutputs: ['GrC'], rateOutputs: [{ population: 'GrC' }], rateInputs: ['bg'] })),
  inputs: (k) => ({ 'MF.spikes': spikeBatch([k % 20, (3 * k) % 20], [k * 1e6, k * 1e6 + 5e5]), 'bg.rates': new Float64Array(20).fill(40 + k) }),
  steps: 30,
});

const emuNet: NetworkDescInput = {
  timestepMs: 0.1,
  populations: [
    { label: 'src', size: 4, cellType: 'SpikeSourceArray', spikeTimes: [[5, 30, 31], [12], [40, 41, 42], []] },
    { label: 'n', size: 3, cellType: 'IF_curr_exp', params: { tau_m: 10, tau_syn_E: 5, tau_syn_I: 5, tau_refrac: 2 } },
  ],
  projections: [{ label: 'p', pre: 'src', post: 'n', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: 2.5, delay: 0.1 } }],
};
describeEngineConformance('RemoteEngine(EmulatorEngine brainscales2 profile)', {
  create: async () => {
    const local = new EmulatorEngine(emuNet, { profile: 'brainscales2' });
    return remoteOf(local);
  },
  inputs: () => ({}),
  checkBadInputs: false,
  steps: 50,
});
