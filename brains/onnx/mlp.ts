/**
 * A multilayer perceptron as a plain descriptor (weights in PyTorch `nn.Linear` layout: one row per
 * output unit), its forward pass in TypeScript, and its export to ONNX (Gemm + activation per
 * layer). The TS forward pass is the reference the ONNX engine is tested against, and what the
 * training example evaluates in its inner loop.
 */
import { ValidationError } from '../../core/errors.js';
import { OnnxGraphBuilder, type OnnxBuildOptions, type OnnxDtype } from './onnx-model-builder.js';

/** Activation functions with an ONNX operator of the same definition. */
export type Activation = 'tanh' | 'relu' | 'sigmoid' | 'identity';

/** One dense layer: y = act(W x + b), W row-major [outputs × inputs]. */
export interface MlpLayerDesc {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly activation: Activation;
}

/** A multilayer perceptron. */
export interface MlpDesc {
  readonly layers: readonly MlpLayerDesc[];
}

/** Number of parameters of an MLP with the given layer sizes (e.g. [3, 64, 64, 1]). */
export function mlpParamCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += (sizes[l] as number) * (sizes[l + 1] as number) + (sizes[l + 1] as number);
  return n;
}

/**
 * Builds an MLP from layer sizes and a flat parameter vector (per layer: weights row-major, then
 * bias). `activations[l]` is the activation of layer l (length sizes.length - 1).
 */
export function mlpFromParams(sizes: readonly number[], activations: readonly Activation[], params: ArrayLike<number>): MlpDesc {
  if (sizes.length < 2) throw new ValidationError('mlp.sizes', sizes, 'at least [inputs, outputs]', 'list the layer sizes');
  if (activations.length !== sizes.length - 1) {
    throw new ValidationError('mlp.activations', activations.length, `${sizes.length - 1} activations (one per layer)`, 'give one activation per layer');
  }
  const need = mlpParamCount(sizes);
  if (params.length !== need) throw new ValidationError('mlp.params', `length ${params.length}`, `length ${need}`, 'pass mlpParamCount(sizes) parameters');
  const layers: MlpLayerDesc[] = [];
  let o = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nin = sizes[l] as number;
    const nout = sizes[l + 1] as number;
    const weights = new Float64Array(nin * nout);
    for (let k = 0; k < weights.length; k++) weights[k] = params[o++] as number;
    const bias = new Float64Array(nout);
    for (let k = 0; k < nout; k++) bias[k] = params[o++] as number;
    layers.push({ inputs: nin, outputs: nout, weights, bias, activation: activations[l] as Activation });
  }
  return { layers };
}

/** Preallocated scratch for allocation-free forward passes. */
export interface MlpScratch {
  readonly buffers: Float64Array[];
}

/** Allocates the scratch buffers for `mlp` (one per layer output). */
export function mlpScratch(mlp: MlpDesc): MlpScratch {
  return { buffers: mlp.layers.map((l) => new Float64Array(l.outputs)) };
}

/** Forward pass in float64. Returns the last scratch buffer (valid until the next call). */
export function mlpForward(mlp: MlpDesc, x: ArrayLike<number>, scratch: MlpScratch = mlpScratch(mlp)): Float64Array {
  let input: ArrayLike<number> = x;
  for (let l = 0; l < mlp.layers.length; l++) {
    const layer = mlp.layers[l] as MlpLayerDesc;
    const y = scratch.buffers[l] as Float64Array;
    const w = layer.weights;
    const nin = layer.inputs;
    for (let j = 0; j < layer.outputs; j++) {
      let s = layer.bias[j] as number;
      const row = j * nin;
      for (let i = 0; i < nin; i++) s += (w[row + i] as number) * (input[i] as number);
      y[j] = activate(layer.activation, s);
    }
    input = y;
  }
  return input as Float64Array;
}

function activate(a: Activation, s: number): number {
  switch (a) {
    case 'tanh':
      return Math.tanh(s);
    case 'relu':
      return s > 0 ? s : 0;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-s));
    case 'identity':
      return s;
  }
}

/** Options of the ONNX export. */
export interface MlpOnnxOptions extends OnnxBuildOptions {
  readonly inputName?: string;
  readonly outputName?: string;
  /** Tensor element type (default float32, what PyTorch exports). */
  readonly dtype?: Exclude<OnnxDtype, 'int64'>;
}

const ACT_OP: Record<Exclude<Activation, 'identity'>, string> = { tanh: 'Tanh', relu: 'Relu', sigmoid: 'Sigmoid' };

/** Exports the MLP as an ONNX model: input [1, inputs] → Gemm(transB=1) + activation per layer → [1, outputs]. */
export function mlpToOnnx(mlp: MlpDesc, opts: MlpOnnxOptions = {}): Uint8Array {
  const first = mlp.layers[0];
  const last = mlp.layers[mlp.layers.length - 1];
  if (first === undefined || last === undefined) throw new ValidationError('mlp.layers', [], 'at least one layer', 'add a layer');
  const dtype = opts.dtype ?? 'float32';
  const inName = opts.inputName ?? 'obs';
  const outName = opts.outputName ?? 'action';
  const g = new OnnxGraphBuilder('mlp').input(inName, [1, first.inputs], dtype);
  let x = inName;
  mlp.layers.forEach((layer, l) => {
    g.initializer(`W${l}`, [layer.outputs, layer.inputs], layer.weights, dtype);
    g.initializer(`b${l}`, [layer.outputs], layer.bias, dtype);
    const isLast = l === mlp.layers.length - 1;
    const lin = isLast && layer.activation === 'identity' ? outName : g.temp(`lin${l}`);
    g.node('Gemm', [x, `W${l}`, `b${l}`], [lin], { transB: { int: 1 } });
    if (layer.activation === 'identity') x = lin;
    else x = g.node(ACT_OP[layer.activation], [lin], [isLast ? outName : g.temp(`act${l}`)]);
  });
  g.output(outName, [1, last.outputs], dtype);
  return g.build(opts);
}
