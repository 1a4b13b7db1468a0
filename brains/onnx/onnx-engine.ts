/**
 * OnnxEngine: runs an ONNX model (a controller trained in PyTorch/JAX/here) with onnxruntime-node on
 * the CPU once per step, batch of one.
 *
 * - Named model inputs/outputs are mapped to analog ports (`inputs`/`outputs` of the descriptor).
 *   A port of size n matches a tensor whose dims multiply to n, with symbolic dims (batch) taken
 *   as 1; so a port [3] feeds a tensor [1, 3] or [batch, 3] or [1, 1, 3].
 * - Recurrent state (LSTM/GRU hidden and cell state exported as explicit tensors) is declared as
 *   `state: [{input: 'h_in', output: 'h_out'}]`: the engine feeds `h_out` of one step into `h_in`
 *   of the next; reset restores the initial state unless `keep: ['state']`.
 * - Element types float32 and float64 are supported; others, unknown tensor names, unfed model
 *   inputs and size mismatches fail at init with a ValidationError naming the tensor and the port.
 *
 * Timing follows the bus contract: `advance(to, inputs)` evaluates the model on the inputs given at
 * `now` and returns the result as the outputs at `to` (one step of latency, like every engine).
 * Outputs at t = 0 are zeros. An input port nobody writes holds its last value (zeros at start).
 *
 * onnxruntime's `session.run` is asynchronous, so `advance` returns a promise; the bus awaits it.
 * This is the one brain that is Node-only (onnxruntime-node is a native addon): DESIGN.md §7.
 */
import * as ort from 'onnxruntime-node';
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../../core/engine.js';
import { EngineError, SimulationError, ValidationError } from '../../core/errors.js';
import type { Inputs, Outputs, PortDecl, PortSpec } from '../../core/ports.js';
import { type TimeNs, assertPositiveNs } from '../../core/time.js';

/** Maps one analog port to one model tensor. */
export interface OnnxPortDesc {
  /** Name of the model input (for input ports) or output (for output ports). */
  readonly tensor: string;
  /** Number of elements of the port (the tensor's size with batch = 1). */
  readonly size: number;
  readonly unit?: string;
  readonly description?: string;
}

/** A recurrent state carried from a model output to a model input across steps. */
export interface OnnxStateDesc {
  /** Model input that receives the previous state (e.g. 'h_in'). */
  readonly input: string;
  /** Model output that gives the next state (e.g. 'h_out'). */
  readonly output: string;
  /** Initial values (default zeros), length = tensor size. */
  readonly initial?: ArrayLike<number>;
}

/** Descriptor of an OnnxEngine. */
export interface OnnxEngineDesc {
  readonly name: string;
  readonly dtNs: TimeNs;
  /** The `.onnx` bytes, or a path to a user-supplied `.onnx` file. */
  readonly model: Uint8Array | string;
  readonly inputs: Readonly<Record<string, OnnxPortDesc>>;
  readonly outputs: Readonly<Record<string, OnnxPortDesc>>;
  readonly state?: readonly OnnxStateDesc[];
  /** onnxruntime intra-op threads (default 1: small models are fastest single-threaded). */
  readonly threads?: number;
}

type FloatArray = Float32Array | Float64Array;
type FloatType = 'float32' | 'float64';

interface Feed {
  readonly port: string | undefined;
  readonly tensor: string;
  readonly buf: FloatArray;
  readonly value: ort.Tensor;
}

interface StateSlot {
  readonly desc: OnnxStateDesc;
  readonly feed: Feed;
  readonly initial: Float64Array;
}

/** The ONNX controller engine (see file comment). */
export class OnnxEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  private readonly desc: OnnxEngineDesc;
  private session: ort.InferenceSession | undefined;
  private feeds: Feed[] = [];
  private feedMap: Record<string, ort.Tensor> = {};
  private states: StateSlot[] = [];
  private now: TimeNs = 0;
  private busy = false;
  private disposed = false;

  constructor(desc: OnnxEngineDesc) {
    assertPositiveNs(`${desc.name}.dtNs`, desc.dtNs);
    this.desc = desc;
    this.name = desc.name;
    this.dt = desc.dtNs;
    const decl = (field: string, p: OnnxPortDesc): PortDecl => {
      if (!Number.isSafeInteger(p.size) || p.size <= 0) throw new ValidationError(`${field}.size`, p.size, 'a positive integer', 'give the port size');
      if (typeof p.tensor !== 'string' || p.tensor === '') throw new ValidationError(`${field}.tensor`, p.tensor, 'a model tensor name', 'name the model input/output');
      return { kind: 'analog', shape: [p.size], ...(p.unit ? { unit: p.unit } : {}), ...(p.description ? { description: p.description } : {}) };
    };
    const inputs: Record<string, PortDecl> = {};
    const outputs: Record<string, PortDecl> = {};
    for (const [k, p] of Object.entries(desc.inputs)) inputs[k] = decl(`${desc.name}.inputs.${k}`, p);
    for (const [k, p] of Object.entries(desc.outputs)) outputs[k] = decl(`${desc.name}.outputs.${k}`, p);
    if (Object.keys(outputs).length === 0) throw new ValidationError(`${desc.name}.outputs`, {}, 'at least one output port', 'map a model output to a port');
    this.ports = { inputs, outputs };
  }

  /** Loads the model, checks it against the ports and returns zero outputs. */
  async init(_ctx: EngineContext): Promise<Outputs> {
    this.session = await loadSession(this.name, this.desc);
    this.bind(this.session);
    return this.resetState(false);
  }

  advance(to: TimeNs, inputs: Inputs): Promise<Outputs> {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const session = this.session;
    if (session === undefined) throw new EngineError(this.name, this.now, 'advance() before init()');
    if (this.busy) throw new EngineError(this.name, this.now, 'advance() called while the previous step is still running');
    for (const f of this.feeds) {
      if (f.port === undefined) continue;
      const v = inputs[f.port] as Float64Array | undefined;
      if (v !== undefined) f.buf.set(v);
    }
    this.busy = true;
    return this.run(session, to).finally(() => {
      this.busy = false;
    });
  }

  reset(opts?: ResetOptions): Outputs {
    for (const k of opts?.keep ?? []) {
      if (k !== 'state') throw new ValidationError(`${this.name}.reset.keep`, k, "'state' (the recurrent state)", 'keep only state');
    }
    if (this.session === undefined) throw new EngineError(this.name, this.now, 'reset() before init()');
    return this.resetState(opts?.keep?.includes('state') ?? false);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const s = this.session;
    this.session = undefined;
    if (s !== undefined) await s.release();
  }

  /** Names, element types and dims of the model's inputs and outputs (after init). */
  modelSignature(): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
    const s = this.session;
    if (s === undefined) throw new EngineError(this.name, this.now, 'modelSignature() before init()');
    return { inputs: s.inputMetadata.map(info), outputs: s.outputMetadata.map(info) };
  }

  private async run(session: ort.InferenceSession, to: TimeNs): Promise<Outputs> {
    let res: ort.InferenceSession.OnnxValueMapType;
    try {
      res = await session.run(this.feedMap);
    } catch (err) {
      throw new EngineError(this.name, this.now, `onnxruntime run failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const out: Record<string, Float64Array> = {};
    for (const [port, p] of Object.entries(this.desc.outputs)) {
      const data = (res[p.tensor] as ort.Tensor).data as FloatArray;
      const v = new Float64Array(p.size);
      for (let i = 0; i < p.size; i++) {
        const x = data[i] as number;
        if (x !== x || x === Infinity || x === -Infinity) throw new SimulationError(this.name, to, `outputs.${port} (tensor '${p.tensor}')`, i, `is ${x}`);
        v[i] = x;
      }
      out[port] = v;
    }
    for (const s of this.states) {
      const data = (res[s.desc.output] as ort.Tensor).data as FloatArray;
      for (let i = 0; i < s.feed.buf.length; i++) {
        const x = data[i] as number;
        if (x !== x || x === Infinity || x === -Infinity) throw new SimulationError(this.name, to, `state '${s.desc.output}'`, i, `is ${x}`);
      }
      s.feed.buf.set(data.subarray(0, s.feed.buf.length));
    }
    this.now = to;
    return out;
  }

  private resetState(keepState: boolean): Outputs {
    this.now = 0;
    for (const f of this.feeds) if (f.port !== undefined) f.buf.fill(0);
    if (!keepState) for (const s of this.states) s.feed.buf.set(s.initial);
    const out: Record<string, Float64Array> = {};
    for (const [port, p] of Object.entries(this.desc.outputs)) out[port] = new Float64Array(p.size);
    return out;
  }

  /** Checks the model signature against the descriptor and preallocates the feeds. */
  private bind(session: ort.InferenceSession): void {
    const name = this.name;
    const inMeta = new Map(session.inputMetadata.map((m) => [m.name, m]));
    const outMeta = new Map(session.outputMetadata.map((m) => [m.name, m]));
    const fed = new Map<string, string>();
    const makeFeed = (field: string, tensor: string, size: number, port: string | undefined): Feed => {
      const m = inMeta.get(tensor);
      if (m === undefined) {
        throw new ValidationError(field, tensor, `a model input, one of [${session.inputNames.join(', ')}]`, 'use the input names of the model (see modelSignature())');
      }
      const { type, dims } = checkTensor(field, m, size);
      if (fed.has(tensor)) throw new ValidationError(field, tensor, 'a model input not fed already', `it is fed by ${fed.get(tensor)}`);
      fed.set(tensor, field);
      const buf = type === 'float32' ? new Float32Array(size) : new Float64Array(size);
      return { port, tensor, buf, value: new ort.Tensor(type, buf, dims) };
    };
    const checkOut = (field: string, tensor: string, size: number): void => {
      const m = outMeta.get(tensor);
      if (m === undefined) {
        throw new ValidationError(field, tensor, `a model output, one of [${session.outputNames.join(', ')}]`, 'use the output names of the model (see modelSignature())');
      }
      checkTensor(field, m, size);
    };
    const feeds: Feed[] = [];
    for (const [port, p] of Object.entries(this.desc.inputs)) feeds.push(makeFeed(`${name}.inputs.${port}.tensor`, p.tensor, p.size, port));
    for (const [port, p] of Object.entries(this.desc.outputs)) checkOut(`${name}.outputs.${port}.tensor`, p.tensor, p.size);
    const states: StateSlot[] = [];
    (this.desc.state ?? []).forEach((s, k) => {
      const m = inMeta.get(s.input);
      const size = m !== undefined && m.isTensor ? sizeOf(m.shape) : 0;
      const feed = makeFeed(`${name}.state[${k}].input`, s.input, size, undefined);
      checkOut(`${name}.state[${k}].output`, s.output, size);
      const initial = new Float64Array(size);
      if (s.initial !== undefined) {
        if (s.initial.length !== size) throw new ValidationError(`${name}.state[${k}].initial`, `length ${s.initial.length}`, `length ${size}`, 'match the state tensor size');
        initial.set(Array.from(s.initial));
      }
      feeds.push(feed);
      states.push({ desc: s, feed, initial });
    });
    for (const input of session.inputNames) {
      if (!fed.has(input)) {
        throw new ValidationError(`${name}.inputs`, input, `every model input mapped to a port or a state`, `map model input '${input}' in inputs or state`);
      }
    }
    this.feeds = feeds;
    this.states = states;
    this.feedMap = Object.fromEntries(feeds.map((f) => [f.tensor, f.value]));
  }
}

/** Name, element type and dims of a model tensor. */
export interface TensorInfo {
  readonly name: string;
  readonly type: string;
  readonly shape: readonly (number | string)[];
}

function info(m: ort.InferenceSession.ValueMetadata): TensorInfo {
  return m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: 'non-tensor', shape: [] };
}

function sizeOf(shape: readonly (number | string)[]): number {
  let n = 1;
  for (const d of shape) n *= typeof d === 'number' ? d : 1;
  return n;
}

function checkTensor(field: string, m: ort.InferenceSession.ValueMetadata, size: number): { type: FloatType; dims: number[] } {
  if (!m.isTensor) throw new ValidationError(field, m.name, 'a tensor (not a sequence/map)', 'export the model with plain tensor inputs/outputs');
  if (m.type !== 'float32' && m.type !== 'float64') {
    throw new ValidationError(field, `${m.name}: ${m.type}`, 'element type float32 or float64', 'cast the tensor to float in the model (e.g. a Cast node) before export');
  }
  const dims = m.shape.map((d) => (typeof d === 'number' ? d : 1));
  const n = sizeOf(m.shape);
  if (n !== size) {
    throw new ValidationError(field, `${m.name}: shape [${m.shape.join(', ')}] (${n} elements with batch 1)`, `${size} elements (the port size)`, 'make the port size match the tensor, or export the model with the port size');
  }
  return { type: m.type, dims };
}

async function loadSession(name: string, desc: OnnxEngineDesc): Promise<ort.InferenceSession> {
  const threads = desc.threads ?? 1;
  const options: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  };
  const what = typeof desc.model === 'string' ? `file '${desc.model}'` : `${desc.model.byteLength} bytes`;
  try {
    return typeof desc.model === 'string'
      ? await ort.InferenceSession.create(desc.model, options)
      : await ort.InferenceSession.create(desc.model, options);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new ValidationError(`${name}.model`, what, `a valid ONNX model onnxruntime can load (it said: ${msg})`, 'check the file path/bytes; re-export the model (opset ≤ 23) or inspect it in Netron');
  }
}
