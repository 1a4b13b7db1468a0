/**
 * `npm run bench -- onnx [--json] [--steps N]`:
 *  1. Per-step inference latency of a 2×64 tanh MLP (3 → 64 → 64 → 1, float32) run by OnnxEngine
 *     (`advance`: input checks, port→tensor copy, onnxruntime run, tensor→port copy, NaN check).
 *     Peers measured in the same run: the raw `session.run` of onnxruntime-node on the same model
 *     (the floor our engine adds to), and the same MLP as a plain TS float64 forward pass.
 *  2. Env steps/s of the pendulum swing-up (BusEnv: 10 body steps of 5 ms per 50 ms env step,
 *     random actions, resets at truncation) on the bodies/ Rapier pendulum (5 substeps per body
 *     step; the headline `envStepsPerSecond`) and on the stand-in RK4 body, and a VectorEnv of 8
 *     stand-in copies (aggregate steps/s).
 *     Peer: the same body engine advanced directly in a loop (no bus, no env), the cost floor.
 *     Python gymnasium is not installed here (no Debian package), so Pendulum-v1 is not run side by side.
 * Medians of 5 runs; the machine is shared, so read the ratios.
 */
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import { Rng } from '../core/random.js';
import { OnnxEngine, mlpForward, mlpFromParams, mlpParamCount, mlpScratch, mlpToOnnx } from '../brains/onnx/index.js';
import { BusEnv, VectorEnv } from '../experiments/env/index.js';
import { PENDULUM_TASK, type PendulumBodyBinding, pendulumEnvSpec, rapierPendulum, standInPendulum } from '../experiments/pendulum/pendulum-env.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
};
const nowUs = (): number => Number(process.hrtime.bigint()) / 1000;

function mlp2x64() {
  const sizes = [3, 64, 64, 1];
  const rng = new Rng(1);
  const p = Float64Array.from({ length: mlpParamCount(sizes) }, () => rng.normal(0, 0.2));
  return mlpFromParams(sizes, ['tanh', 'tanh', 'identity'], p);
}

async function inference(steps: number): Promise<{ engineUs: number[]; rawUs: number[]; tsUs: number[] }> {
  const mlp = mlp2x64();
  const model = mlpToOnnx(mlp);
  const e = new OnnxEngine({ name: 'ann', dtNs: 1_000_000, model, inputs: { obs: { tensor: 'obs', size: 3 } }, outputs: { action: { tensor: 'action', size: 1 } } });
  await e.init({ seed: 1, startNs: 0, log: () => undefined });
  const x = new Float64Array(3);
  const engineUs: number[] = [];
  for (let k = 1; k <= steps; k++) {
    x[0] = Math.sin(k);
    const t0 = nowUs();
    await e.advance(k * 1_000_000, { obs: x });
    engineUs.push(nowUs() - t0);
  }
  await e.dispose();
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  const buf = new Float32Array(3);
  const feeds = { obs: new ort.Tensor('float32', buf, [1, 3]) };
  const rawUs: number[] = [];
  for (let k = 1; k <= steps; k++) {
    buf[0] = Math.sin(k);
    const t0 = nowUs();
    await session.run(feeds);
    rawUs.push(nowUs() - t0);
  }
  await session.release();
  const scratch = mlpScratch(mlp);
  const tsUs: number[] = [];
  let sink = 0;
  for (let k = 1; k <= steps; k++) {
    x[0] = Math.sin(k);
    const t0 = nowUs();
    sink += mlpForward(mlp, x, scratch)[0] as number;
    tsUs.push(nowUs() - t0);
  }
  if (sink === 12345.678) console.error(sink);
  return { engineUs: engineUs.slice(steps / 10), rawUs: rawUs.slice(steps / 10), tsUs: tsUs.slice(steps / 10) };
}

async function envRate(steps: number, binding: PendulumBodyBinding): Promise<number> {
  const env = new BusEnv(pendulumEnvSpec(binding));
  const rng = new Rng(2);
  await env.reset({ seed: 1 });
  const a = new Float64Array(1);
  const t0 = performance.now();
  for (let k = 0; k < steps; k++) {
    a[0] = rng.uniform(-1, 1);
    const r = await env.step(a);
    if (r.terminated || r.truncated) await env.reset();
  }
  const s = (performance.now() - t0) / 1000;
  await env.close();
  return steps / s;
}

async function vectorRate(steps: number, n: number): Promise<number> {
  const env = new VectorEnv(pendulumEnvSpec(), n);
  const rng = new Rng(3);
  await env.reset({ seed: 1 });
  const a = new Float64Array(n);
  const t0 = performance.now();
  for (let k = 0; k < steps; k++) {
    for (let i = 0; i < n; i++) a[i] = rng.uniform(-1, 1);
    await env.step(a);
  }
  const s = (performance.now() - t0) / 1000;
  await env.close();
  return (steps * n) / s;
}

async function directRate(steps: number, binding: PendulumBodyBinding): Promise<number> {
  const body = binding.make();
  await body.init({ seed: 1, startNs: 0, log: () => undefined });
  const port = binding.ports.torque;
  const sub = PENDULUM_TASK.controlDtNs / PENDULUM_TASK.bodyDtNs;
  const u = new Float64Array(1);
  const rng = new Rng(2);
  let t = 0;
  const t0 = performance.now();
  for (let k = 0; k < steps; k++) {
    u[0] = rng.uniform(-1, 1) * PENDULUM_TASK.maxTorqueNm;
    for (let j = 0; j < sub; j++) {
      t += PENDULUM_TASK.bodyDtNs;
      await body.advance(t, { [port]: u });
    }
    if ((k + 1) % PENDULUM_TASK.episodeSteps === 0) {
      await body.reset({});
      t = 0;
    }
  }
  const rate = steps / ((performance.now() - t0) / 1000);
  await body.dispose();
  return rate;
}

export default async function bench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const si = args.indexOf('--steps');
  const steps = si >= 0 ? Number(args[si + 1]) : 5000;
  await inference(500);
  await envRate(200, standInPendulum);
  await envRate(50, rapierPendulum);
  const runs = 5;
  const inf: Awaited<ReturnType<typeof inference>>[] = [];
  const env: number[] = [];
  const direct: number[] = [];
  const envS: number[] = [];
  const directS: number[] = [];
  const vec: number[] = [];
  const rapierSteps = Math.max(100, Math.round(steps / 5));
  for (let r = 0; r < runs; r++) {
    inf.push(await inference(steps));
    env.push(await envRate(rapierSteps, rapierPendulum));
    direct.push(await directRate(rapierSteps, rapierPendulum));
    envS.push(await envRate(steps, standInPendulum));
    directS.push(await directRate(steps, standInPendulum));
    vec.push(await vectorRate(Math.ceil(steps / 8), 8));
  }
  const p50 = (f: (x: (typeof inf)[number]) => number[]): number => median(inf.map((x) => pct(f(x), 0.5)));
  const p90 = (f: (x: (typeof inf)[number]) => number[]): number => median(inf.map((x) => pct(f(x), 0.9)));
  const inferenceP50Us = p50((x) => x.engineUs);
  const rawP50Us = p50((x) => x.rawUs);
  const tsP50Us = p50((x) => x.tsUs);
  const envStepsPerSecond = median(env);
  const directStepsPerSecond = median(direct);
  const result = {
    benchmark: 'onnx',
    runs,
    stepsPerRun: steps,
    model: '2×64 tanh MLP, 3 → 64 → 64 → 1, float32, batch 1, 1 thread',
    inferenceP50Us: Number(inferenceP50Us.toFixed(2)),
    inferenceP90Us: Number(p90((x) => x.engineUs).toFixed(2)),
    floor: { inferenceP50Us: 50 },
    peers: {
      onnxruntimeSessionRunP50Us: Number(rawP50Us.toFixed(2)),
      tsFloat64ForwardP50Us: Number(tsP50Us.toFixed(3)),
    },
    ratioEngineVsSessionRun: Number((inferenceP50Us / rawP50Us).toFixed(3)),
    envStepsPerSecond: Math.round(envStepsPerSecond),
    envBody: rapierPendulum.label,
    envPeer: { name: 'same body advanced directly (no bus/env)', stepsPerSecond: Math.round(directStepsPerSecond) },
    ratioEnvVsDirect: Number((envStepsPerSecond / directStepsPerSecond).toFixed(3)),
    standIn: {
      envStepsPerSecond: Math.round(median(envS)),
      directStepsPerSecond: Math.round(median(directS)),
      ratioEnvVsDirect: Number((median(envS) / median(directS)).toFixed(3)),
      vectorEnv8StepsPerSecond: Math.round(median(vec)),
    },
    envStep: '50 ms = 10 body steps of 5 ms (Rapier: 5 substeps each; stand-in: RK4)',
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version, loadavg1: Number(os.loadavg()[0]?.toFixed(2)) },
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  console.log(`onnx: median of ${runs} runs × ${steps} steps; ${result.model}`);
  console.table({
    'inference p50 (µs/step)': { ours: result.inferenceP50Us, peer: result.peers.onnxruntimeSessionRunP50Us, 'peer name': 'ort session.run', ratio: result.ratioEngineVsSessionRun, floor: 50 },
    'TS float64 forward p50 (µs)': { ours: result.peers.tsFloat64ForwardP50Us },
    'pendulum Env steps / s (Rapier body)': { ours: result.envStepsPerSecond, peer: result.envPeer.stepsPerSecond, 'peer name': 'direct body loop', ratio: result.ratioEnvVsDirect },
    'pendulum Env steps / s (stand-in body)': { ours: result.standIn.envStepsPerSecond, peer: result.standIn.directStepsPerSecond, 'peer name': 'direct body loop', ratio: result.standIn.ratioEnvVsDirect },
    'VectorEnv(8) steps / s (stand-in)': { ours: result.standIn.vectorEnv8StepsPerSecond },
  });
}
