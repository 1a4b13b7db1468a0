/**
 * A one-layer GRU controller with a linear read-out, exported as an ONNX model whose hidden state
 * is an explicit input/output pair (`h_in` → `h_out`), the way recurrent policies are exported from
 * PyTorch for step-by-step inference. The OnnxEngine carries `h_out` back into `h_in` each step.
 *
 * Parameters follow the ONNX GRU operator (gate order z, r, h; linear_before_reset = 0):
 *   z = σ(W_z x + R_z h + Wb_z + Rb_z),  r = σ(W_r x + R_r h + Wb_r + Rb_r)
 *   ĥ = tanh(W_h x + R_h (r ⊙ h) + Wb_h + Rb_h),  h' = (1 − z) ⊙ ĥ + z ⊙ h,  y = V h' + c
 */
import { ValidationError } from '../../core/errors.js';
import { OnnxGraphBuilder, type OnnxBuildOptions } from './onnx-model-builder.js';

/** GRU + read-out parameters (row-major, gate blocks stacked z, r, h). */
export interface GruDesc {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
  /** [3H × I] */
  readonly w: Float64Array;
  /** [3H × H] */
  readonly r: Float64Array;
  /** [3H] input biases Wb */
  readonly wb: Float64Array;
  /** [3H] recurrent biases Rb */
  readonly rb: Float64Array;
  /** [O × H] read-out weights */
  readonly readoutW: Float64Array;
  /** [O] read-out bias */
  readonly readoutB: Float64Array;
}

/** Tensor names of the exported GRU model. */
export const GRU_TENSORS = { input: 'x', stateIn: 'h_in', stateOut: 'h_out', output: 'y' } as const;

/** Exports the GRU controller: inputs x [1,1,I], h_in [1,1,H]; outputs y [1,O], h_out [1,1,H]. */
export function gruToOnnx(d: GruDesc, opts: OnnxBuildOptions = {}): Uint8Array {
  const { inputSize: I, hiddenSize: H, outputSize: O } = d;
  const check = (field: string, a: Float64Array, n: number): void => {
    if (a.length !== n) throw new ValidationError(`gru.${field}`, `length ${a.length}`, `length ${n}`, 'check the GRU sizes');
  };
  check('w', d.w, 3 * H * I);
  check('r', d.r, 3 * H * H);
  check('wb', d.wb, 3 * H);
  check('rb', d.rb, 3 * H);
  check('readoutW', d.readoutW, O * H);
  check('readoutB', d.readoutB, O);
  const T = GRU_TENSORS;
  const g = new OnnxGraphBuilder('gru_controller')
    .input(T.input, [1, 1, I])
    .input(T.stateIn, [1, 1, H])
    .initializer('W', [1, 3 * H, I], d.w)
    .initializer('R', [1, 3 * H, H], d.r)
    .initializer('B', [1, 6 * H], Float64Array.from([...d.wb, ...d.rb]))
    .initializer('flat', [2], [1, H], 'int64')
    .initializer('V', [O, H], d.readoutW)
    .initializer('c', [O], d.readoutB);
  g.node('GRU', [T.input, 'W', 'R', 'B', '', T.stateIn], ['Y', T.stateOut], { hidden_size: { int: H } });
  g.node('Reshape', [T.stateOut, 'flat'], ['h_flat']);
  g.node('Gemm', ['h_flat', 'V', 'c'], [T.output], { transB: { int: 1 } });
  g.output(T.output, [1, O]).output(T.stateOut, [1, 1, H]);
  return g.build(opts);
}
