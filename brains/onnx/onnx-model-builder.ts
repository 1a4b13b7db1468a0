/**
 * Builds ONNX models in TypeScript, without Python: declare graph inputs/outputs, constant
 * initializers and nodes, then `build()` returns the `.onnx` bytes (a ModelProto encoded with
 * protobufjs, see onnx-proto.ts). Tests and examples use it to ship their own small models; users
 * can write the bytes to a file and open it in onnxruntime, Netron or PyTorch tooling.
 */
import { ValidationError } from '../../core/errors.js';
import { OnnxAttributeType, OnnxDataType, encodeModelProto } from './onnx-proto.js';

/** Element types the builder writes. */
export type OnnxDtype = 'float32' | 'float64' | 'int64';

/** One dimension: a fixed size or a symbolic name (e.g. 'batch'). */
export type OnnxDim = number | string;

/** A node attribute value: number (float unless `int` is used), int, ints, floats or string. */
export type OnnxAttribute =
  | { readonly float: number }
  | { readonly int: number }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly string: string };

/** Options of `build()`. */
export interface OnnxBuildOptions {
  /** Default-domain opset version (default 17; onnxruntime 1.30 supports up to 23). */
  readonly opset?: number;
  /** ONNX IR version (default 8, which every runtime since 2021 reads). */
  readonly irVersion?: number;
  readonly producerName?: string;
  readonly docString?: string;
  /** Free-form key/value metadata stored in the model (e.g. training provenance). */
  readonly metadata?: Readonly<Record<string, string>>;
}

const DTYPE_CODE: Record<OnnxDtype, number> = { float32: OnnxDataType.FLOAT, float64: OnnxDataType.DOUBLE, int64: OnnxDataType.INT64 };

/** Incremental builder of one ONNX graph (see file comment). */
export class OnnxGraphBuilder {
  private readonly nodes: Record<string, unknown>[] = [];
  private readonly inits: Record<string, unknown>[] = [];
  private readonly ins: Record<string, unknown>[] = [];
  private readonly outs: Record<string, unknown>[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(readonly graphName: string) {}

  /** Declares a graph input tensor. */
  input(name: string, shape: readonly OnnxDim[], dtype: OnnxDtype = 'float32'): this {
    this.claim('input', name);
    this.ins.push(valueInfo(name, shape, dtype));
    return this;
  }

  /** Declares a graph output tensor (it must be produced by some node). */
  output(name: string, shape: readonly OnnxDim[], dtype: OnnxDtype = 'float32'): this {
    this.outs.push(valueInfo(name, shape, dtype));
    return this;
  }

  /** Adds a constant tensor (weights, biases, shapes). Values are stored as raw little-endian bytes. */
  initializer(name: string, dims: readonly number[], values: ArrayLike<number>, dtype: OnnxDtype = 'float32'): this {
    this.claim('initializer', name);
    const n = dims.reduce((a, b) => a * b, 1);
    if (values.length !== n) {
      throw new ValidationError(`initializer '${name}'.values`, `length ${values.length}`, `length ${n} (dims [${dims.join(', ')}])`, 'give one value per element, row-major');
    }
    let raw: Uint8Array;
    if (dtype === 'float32') raw = bytesOf(Float32Array.from(values));
    else if (dtype === 'float64') raw = bytesOf(Float64Array.from(values));
    else raw = bytesOf(BigInt64Array.from(Array.from(values, (v) => BigInt(Math.trunc(v)))));
    this.inits.push({ name, dims: [...dims], data_type: DTYPE_CODE[dtype], raw_data: raw });
    return this;
  }

  /** Adds a node of the default ONNX domain; returns its (first) output name. */
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: Readonly<Record<string, OnnxAttribute>> = {}): string {
    const attribute = Object.entries(attributes).map(([name, a]) => attributeProto(name, a));
    this.nodes.push({ op_type: opType, input: [...inputs], output: [...outputs], name: `${opType}_${this.counter++}`, attribute });
    return outputs[0] ?? '';
  }

  /** A fresh intermediate tensor name. */
  temp(prefix = 't'): string {
    return `${prefix}_${this.counter++}`;
  }

  /** Encodes the model (ModelProto) to `.onnx` bytes. */
  build(opts: OnnxBuildOptions = {}): Uint8Array {
    if (this.outs.length === 0) throw new ValidationError(`graph '${this.graphName}'.outputs`, [], 'at least one output', 'declare outputs with .output()');
    const model: Record<string, unknown> = {
      ir_version: opts.irVersion ?? 8,
      producer_name: opts.producerName ?? 'neuroloop',
      producer_version: '0.1.0',
      doc_string: opts.docString ?? '',
      opset_import: [{ domain: '', version: opts.opset ?? 17 }],
      graph: { name: this.graphName, node: this.nodes, initializer: this.inits, input: this.ins, output: this.outs },
      metadata_props: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
    };
    return encodeModelProto(model);
  }

  private claim(what: string, name: string): void {
    if (this.names.has(name)) throw new ValidationError(`${what} name`, name, 'a name not used yet in this graph', 'rename the tensor');
    this.names.add(name);
  }
}

function valueInfo(name: string, shape: readonly OnnxDim[], dtype: OnnxDtype): Record<string, unknown> {
  const dim = shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
  return { name, type: { tensor_type: { elem_type: DTYPE_CODE[dtype], shape: { dim } } } };
}

function attributeProto(name: string, a: OnnxAttribute): Record<string, unknown> {
  if ('float' in a) return { name, type: OnnxAttributeType.FLOAT, f: a.float };
  if ('int' in a) return { name, type: OnnxAttributeType.INT, i: a.int };
  if ('ints' in a) return { name, type: OnnxAttributeType.INTS, ints: [...a.ints] };
  if ('floats' in a) return { name, type: OnnxAttributeType.FLOATS, floats: [...a.floats] };
  return { name, type: OnnxAttributeType.STRING, s: new TextEncoder().encode(a.string) };
}

function bytesOf(a: Float32Array | Float64Array | BigInt64Array): Uint8Array {
  // Typed arrays are little-endian on every platform onnxruntime ships for, as ONNX raw_data requires.
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
}
