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
