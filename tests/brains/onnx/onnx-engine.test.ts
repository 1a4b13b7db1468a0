/**
 * OnnxEngine against independent references:
 *  - an MLP exported to ONNX gives the same outputs as the float64 TS forward pass (float32 model:
 *    |err| ≤ 2e-5, float32 rounding of weights/activations through 2×64 layers; float64 model: 1e-12);
 *  - a GRU controller's hidden state persists across steps and matches a separate TS
 *    implementation of the ONNX GRU equations (float32: 2e-5);
 *  - malformed models, unknown tensors, size/dtype mismatches and unfed inputs fail at init with a
 *    ValidationError naming the tensor; NaN outputs raise a SimulationError.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulationError, ValidationError } from '../../../core/errors.js';
import { Rng } from '../../../core/random.js';
import { OnnxEngine, OnnxGraphBuilder, gruToOnnx, mlpForward, mlpFromParams, mlpParamCount, mlpToOnnx, type GruDesc, type MlpDesc } from '../../../brains/onnx/index.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const ctx = { seed: 1, startNs: 0, log: () => undefined };
const DT = 1_000_000;

function randomMlp(sizes: number[], seed: number, acts: ('tanh' | 'relu' | 'sigmoid' | 'identity')[]): MlpDesc {
  const rng = new Rng(seed);
  const p = new Float64Array(mlpParamCount(sizes));
  let o = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nin = sizes[l] as number;
    const nout = sizes[l + 1] as number;
    for (let k = 0; k < nin * nout; k++) p[o++] = rng.normal(0, 1 / Math.sqrt(nin));
    for (let k = 0; k < nout; k++) p[o++] = rng.normal(0, 0.1);
  }
  return mlpFromParams(sizes, acts, p);
}

function mlpEngine(mlp: MlpDesc, model: Uint8Array, name = 'ann'): OnnxEngine {
  const first = mlp.layers[0] as MlpDesc['layers'][number];
  const last = mlp.layers[mlp.layers.length - 1] as MlpDesc['layers'][number];
  return new OnnxEngine({ name, dtNs: DT, model, inputs: { obs: { tensor: 'obs', size: first.inputs } }, outputs: { action: { tensor: 'action', size: last.outputs } } });
}

function randomGru(I: number, H: number, O: number, seed: number): GruDesc {
  const rng = new Rng(seed);
  const r = (n: number, s: number): Float64Array => Float64Array.from({ length: n }, () => rng.normal(0, s));
  return { inputSize: I, hiddenSize: H, outputSize: O, w: r(3 * H * I, 0.7), r: r(3 * H * H, 0.5), wb: r(3 * H, 0.2), rb: r(3 * H, 0.2), readoutW: r(O * H, 0.8), readoutB: r(O, 0.1) };
}

/** Independent float64 GRU step written from the ONNX operator definition (linear_before_reset = 0). */
function gruStepReference(d: GruDesc, x: Float64Array, h: Float64Array): { h: Float64Array; y: Float64Array } {
  const { inputSize: I, hiddenSize: H, outputSize: O } = d;
  const sig = (v: number): number => 1 / (1 + Math.exp(-v));
  const gate = (g: number, j: number, hv: Float64Array): number => {
    let s = (d.wb[g * H + j] as number) + (d.rb[g * H + j] as number);
    for (let i = 0; i < I; i++) s += (d.w[(g * H + j) * I + i] as number) * (x[i] as number);
    for (let k = 0; k < H; k++) s += (d.r[(g * H + j) * H + k] as number) * (hv[k] as number);
    return s;
  };
  const z = Float64Array.from({ length: H }, (_, j) => sig(gate(0, j, h)));
  const r = Float64Array.from({ length: H }, (_, j) => sig(gate(1, j, h)));
  const rh = Float64Array.from({ length: H }, (_, k) => (r[k] as number) * (h[k] as number));
  const hn = Float64Array.from({ length: H }, (_, j) => {
    const cand = Math.tanh(gate(2, j, rh));
    return (1 - (z[j] as number)) * cand + (z[j] as number) * (h[j] as number);
  });
  const y = Float64Array.from({ length: O }, (_, o) => {
    let s = d.readoutB[o] as number;
    for (let k = 0; k < H; k++) s += (d.readoutW[o * H + k] as number) * (hn[k] as number);
    return s;
  });
  return { h: hn, y };
}

function gruEngine(d: GruDesc, name = 'gru'): OnnxEngine {
  return new OnnxEngine({
    name, dtNs: DT, model: gruToOnnx(d),
    inputs: { x: { tensor: 'x', size: d.inputSize } }, outputs: { y: { tensor: 'y', size: d.outputSize } },
    state: [{ input: 'h_in', output: 'h_out' }],
  });
}

describe('OnnxEngine: MLP equals the TS forward pass', () => {
  const cases: [string, 'float32' | 'float64', number][] = [['float32', 'float32', 2e-5], ['float64', 'float64', 1e-12]];
  for (const [label, dtype, tol] of cases) {
    it(`2×64 tanh MLP, ${label} model, 200 random inputs (tol ${tol})`, async () => {
      const mlp = randomMlp([4, 64, 64, 2], 7, ['tanh', 'tanh', 'identity']);
      const e = mlpEngine(mlp, mlpToOnnx(mlp, { dtype }));
      const init = await e.init(ctx);
      expect(Array.from(init.action as Float64Array)).toEqual([0, 0]);
      const rng = new Rng(3);
      let maxErr = 0;
      for (let k = 1; k <= 200; k++) {
        const x = Float64Array.from({ length: 4 }, () => rng.uniform(-3, 3));
        // the float32 model sees float32 inputs; give the reference the same rounded inputs
        const xr = dtype === 'float32' ? Float64Array.from(Float32Array.from(x)) : x;
        const out = (await e.advance(k * DT, { obs: x })).action as Float64Array;
        const ref = mlpForward(mlp, xr);
        for (let j = 0; j < 2; j++) maxErr = Math.max(maxErr, Math.abs((out[j] as number) - (ref[j] as number)));
      }
      expect(maxErr).toBeLessThanOrEqual(tol);
      if (dtype === 'float32') expect(maxErr).toBeGreaterThan(0); // it really ran in float32
      await e.dispose();
    });
  }

  it('relu and sigmoid layers', async () => {
    const mlp = randomMlp([3, 16, 5, 2], 11, ['relu', 'sigmoid', 'tanh']);
    const e = mlpEngine(mlp, mlpToOnnx(mlp, { dtype: 'float64' }));
    await e.init(ctx);
    const x = Float64Array.of(0.5, -1.5, 2);
    const out = (await e.advance(DT, { obs: x })).action as Float64Array;
    const ref = mlpForward(mlp, x);
    for (let j = 0; j < 2; j++) expect(out[j]).toBeCloseTo(ref[j] as number, 12);
    await e.dispose();
  });

  it('an input port nobody writes holds its last value', async () => {
    const mlp = randomMlp([2, 8, 1], 5, ['tanh', 'identity']);
    const e = mlpEngine(mlp, mlpToOnnx(mlp, { dtype: 'float64' }));
    await e.init(ctx);
    const x = Float64Array.of(0.3, -0.7);
    const a = (await e.advance(DT, { obs: x })).action as Float64Array;
    const b = (await e.advance(2 * DT, {})).action as Float64Array;
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(b).not.toBe(a); // a fresh array each step, so zero-order-hold readers never see a later step
    await e.dispose();
  });

  it('loads a user-supplied .onnx file from a path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-'));
    try {
      const mlp = randomMlp([3, 4, 1], 9, ['tanh', 'identity']);
      const file = join(dir, 'policy.onnx');
      writeFileSync(file, mlpToOnnx(mlp, { dtype: 'float64' }));
      const e = new OnnxEngine({ name: 'file', dtNs: DT, model: file, inputs: { obs: { tensor: 'obs', size: 3 } }, outputs: { action: { tensor: 'action', size: 1 } } });
      await e.init(ctx);
      const x = Float64Array.of(1, 2, 3);
      expect(((await e.advance(DT, { obs: x })).action as Float64Array)[0]).toBeCloseTo(mlpForward(mlp, x)[0] as number, 12);
      await e.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('OnnxEngine: recurrent state (GRU) persists across steps', () => {
  it('matches a TS GRU over 30 steps, and reset restores h = 0', async () => {
    const d = randomGru(3, 8, 2, 21);
    const e = gruEngine(d);
    await e.init(ctx);
    const rng = new Rng(4);
    const xs = Array.from({ length: 30 }, () => Float64Array.from({ length: 3 }, () => rng.uniform(-1, 1)));
    const run = async (): Promise<number[][]> => {
      const ys: number[][] = [];
      for (let k = 0; k < xs.length; k++) ys.push(Array.from((await e.advance((k + 1) * DT, { x: xs[k] as Float64Array })).y as Float64Array));
      return ys;
    };
    const first = await run();
    let h: Float64Array = new Float64Array(8);
    let maxErr = 0;
    first.forEach((y, k) => {
      const ref = gruStepReference(d, Float64Array.from(Float32Array.from(xs[k] as Float64Array)), h);
      h = ref.h;
      y.forEach((v, j) => (maxErr = Math.max(maxErr, Math.abs(v - (ref.y[j] as number)))));
    });
    expect(maxErr).toBeLessThan(2e-5);
    // State matters: the same input at step 2 as at step 1 gives a different output.
    const e2 = gruEngine(d, 'gru2');
    await e2.init(ctx);
    const same = xs[0] as Float64Array;
    const y1 = ((await e2.advance(DT, { x: same })).y as Float64Array)[0];
    const y2 = ((await e2.advance(2 * DT, { x: same })).y as Float64Array)[0];
    expect(Math.abs((y1 as number) - (y2 as number))).toBeGreaterThan(1e-3);
    // reset: state back to zero → same trajectory again
    e.reset();
    expect(await run()).toEqual(first);
    await e.dispose();
    await e2.dispose();
  });

  it("reset with keep: ['state'] keeps the hidden state", async () => {
    const d = randomGru(2, 4, 1, 8);
    const e = gruEngine(d);
    await e.init(ctx);
    const x = Float64Array.of(0.5, -0.5);
    const y1 = ((await e.advance(DT, { x })).y as Float64Array)[0];
    e.reset({ keep: ['state'] });
    const y2 = ((await e.advance(DT, { x })).y as Float64Array)[0];
    e.reset();
    const y3 = ((await e.advance(DT, { x })).y as Float64Array)[0];
    expect(y3).toBe(y1);
    expect(y2).not.toBe(y1);
    expect(() => e.reset({ keep: ['weights'] })).toThrow(/keep/);
    await e.dispose();
  });
});

describe('OnnxEngine: clear errors', () => {
  const mlp = randomMlp([3, 4, 2], 1, ['tanh', 'identity']);
  const good = mlpToOnnx(mlp);

  async function initError(desc: Partial<ConstructorParameters<typeof OnnxEngine>[0]>): Promise<Error> {
    const e = new OnnxEngine({ name: 'bad', dtNs: DT, model: good, inputs: { obs: { tensor: 'obs', size: 3 } }, outputs: { action: { tensor: 'action', size: 2 } }, ...desc });
    try {
      await e.init(ctx);
    } catch (err) {
      return err as Error;
    } finally {
      await e.dispose();
    }
    throw new Error('init succeeded');
  }

  it('malformed model bytes', async () => {
    const err = await initError({ model: Uint8Array.from([8, 7, 18, 3, 1, 2, 250, 255, 255, 1]) });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/bad\.model/);
    expect(err.message).toMatch(/valid ONNX model/);
  });

  it('a file that does not exist', async () => {
    const err = await initError({ model: '/nonexistent/policy.onnx' });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain('/nonexistent/policy.onnx');
  });

  it('a graph that references an undefined tensor', async () => {
    const g = new OnnxGraphBuilder('broken').input('obs', [1, 3]);
    g.node('Tanh', ['nope'], ['action']);
    g.output('action', [1, 3]);
    const err = await initError({ model: g.build(), outputs: { action: { tensor: 'action', size: 3 } } });
    expect(err).toBeInstanceOf(ValidationError);
  });

  it('port size does not match the tensor shape', async () => {
    const err = await initError({ inputs: { obs: { tensor: 'obs', size: 4 } } });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain('bad.inputs.obs.tensor');
    expect(err.message).toContain('shape [1, 3]');
    expect(err.message).toContain('4 elements');
    const err2 = await initError({ outputs: { action: { tensor: 'action', size: 1 } } });
    expect(err2.message).toContain('bad.outputs.action.tensor');
  });

  it('unknown tensor names list the model tensors', async () => {
    const err = await initError({ inputs: { obs: { tensor: 'observation', size: 3 } } });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain('observation');
    expect(err.message).toContain('[obs]');
    const err2 = await initError({ outputs: { action: { tensor: 'act', size: 2 } } });
    expect(err2.message).toContain('[action]');
  });

  it('a model input mapped to nothing', async () => {
    const err = await initError({ inputs: {} });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain("map model input 'obs'");
  });

  it('non-float element types', async () => {
    const g = new OnnxGraphBuilder('ints').input('obs', [1, 3], 'int64');
    g.node('Cast', ['obs'], ['action'], { to: { int: 1 } });
    g.output('action', [1, 3]);
    const err = await initError({ model: g.build(), outputs: { action: { tensor: 'action', size: 3 } } });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain('int64');
    expect(err.message).toContain('float32 or float64');
  });

  it('NaN produced by the model is a SimulationError with engine, time, port and index', async () => {
    const g = new OnnxGraphBuilder('sqrt').input('obs', [1, 2]);
    g.node('Sqrt', ['obs'], ['action']);
    g.output('action', [1, 2]);
    const e = new OnnxEngine({ name: 'sq', dtNs: DT, model: g.build(), inputs: { obs: { tensor: 'obs', size: 2 } }, outputs: { action: { tensor: 'action', size: 2 } } });
    await e.init(ctx);
    await expect(e.advance(DT, { obs: Float64Array.of(4, -1) })).rejects.toThrow(SimulationError);
    await e.dispose();
  });

  it('bad descriptors fail at construction', () => {
    expect(() => new OnnxEngine({ name: 'x', dtNs: DT, model: good, inputs: { obs: { tensor: 'obs', size: 0 } }, outputs: { action: { tensor: 'action', size: 2 } } })).toThrow(/x\.inputs\.obs\.size/);
    expect(() => new OnnxEngine({ name: 'x', dtNs: DT, model: good, inputs: {}, outputs: {} })).toThrow(/x\.outputs/);
    expect(() => new OnnxEngine({ name: 'x', dtNs: 0.5, model: good, inputs: {}, outputs: { a: { tensor: 'action', size: 2 } } })).toThrow(ValidationError);
  });
});

const confMlp = randomMlp([3, 16, 2], 2, ['tanh', 'identity']);
describeEngineConformance('OnnxEngine (MLP)', {
  create: () => mlpEngine(confMlp, mlpToOnnx(confMlp), 'onnx_mlp'),
  inputs: (k) => ({ obs: Float64Array.of(Math.sin(k), Math.cos(k), 0.1 * k) }),
});
const confGru = randomGru(2, 6, 1, 3);
describeEngineConformance('OnnxEngine (GRU, recurrent state)', {
  create: () => gruEngine(confGru, 'onnx_gru'),
  inputs: (k) => ({ x: Float64Array.of(Math.sin(k), 0.5) }),
});
