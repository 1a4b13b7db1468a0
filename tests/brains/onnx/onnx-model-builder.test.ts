/**
 * The protobufjs ONNX builder writes ModelProto bytes with the field numbers of onnx.proto:
 * decoding gives back what was built, raw_data holds little-endian values, and hand-checked bytes
 * of the first fields match the protobuf wire format (field 1 ir_version varint, tag 0x08).
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { OnnxGraphBuilder, decodeModelProto, mlpFromParams, mlpToOnnx } from '../../../brains/onnx/index.js';

describe('OnnxGraphBuilder', () => {
  it('round-trips a small graph through protobuf', () => {
    const g = new OnnxGraphBuilder('g').input('x', ['batch', 2]).initializer('w', [2, 2], [1, 2, 3, 4]);
    g.node('MatMul', ['x', 'w'], ['y']);
    g.output('y', ['batch', 2]);
    const bytes = g.build({ opset: 13, metadata: { trained_by: 'cem' } });
    // wire format: field 1 (ir_version) varint = 8 → bytes 0x08 0x08
    expect(bytes[0]).toBe(0x08);
    expect(bytes[1]).toBe(8);
    const m = decodeModelProto(bytes) as any;
    expect(m.ir_version).toBe(8);
    expect(m.opset_import[0].version).toBe(13);
    expect(m.metadata_props).toEqual([{ key: 'trained_by', value: 'cem' }]);
    expect(m.graph.node[0].op_type).toBe('MatMul');
    expect(m.graph.input[0].type.tensor_type.shape.dim).toEqual([{ dim_param: 'batch' }, { dim_value: 2 }]);
    const raw = m.graph.initializer[0].raw_data as Uint8Array;
    expect(Array.from(new Float32Array(Uint8Array.from(raw).buffer))).toEqual([1, 2, 3, 4]);
  });

  it('writes int attributes and int64 initializers', () => {
    const mlp = mlpFromParams([1, 1], ['identity'], [2, 3]);
    const m = decodeModelProto(mlpToOnnx(mlp)) as any;
    const gemm = m.graph.node[0];
    expect(gemm.op_type).toBe('Gemm');
    expect(gemm.attribute[0]).toMatchObject({ name: 'transB', i: 1, type: 2 });
    const g = new OnnxGraphBuilder('i').initializer('s', [2], [1, -5], 'int64');
    const r = decodeModelProto(g.input('x', [1]).output('x', [1]).build()) as any;
    expect(Array.from(new BigInt64Array(Uint8Array.from(r.graph.initializer[0].raw_data as Uint8Array).buffer))).toEqual([1n, -5n]);
  });

  it('rejects wrong initializer sizes, duplicate names and graphs without outputs', () => {
    expect(() => new OnnxGraphBuilder('g').initializer('w', [2, 2], [1, 2, 3])).toThrow(ValidationError);
    expect(() => new OnnxGraphBuilder('g').input('x', [1]).input('x', [1])).toThrow(/x/);
    expect(() => new OnnxGraphBuilder('g').input('x', [1]).build()).toThrow(/outputs/);
  });
});
