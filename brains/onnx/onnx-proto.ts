/**
 * The subset of the ONNX protobuf schema (onnx/onnx.proto, IR version 8+) that neuroloop writes and
 * reads: models, graphs, nodes with attributes, tensors and value infos. Field numbers follow the
 * official onnx.proto, so the bytes produced here are ordinary `.onnx` files that onnxruntime,
 * Netron or Python's `onnx` package open. Built with protobufjs reflection (no code generation, no
 * Python).
 */
import protobuf from 'protobufjs';

const ONNX_PROTO = `
syntax = "proto3";
package onnx;
message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10; }
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  string doc_string = 13;
  AttributeType type = 20;
}
message ValueInfoProto { string name = 1; TypeProto type = 2; string doc_string = 3; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
  string domain = 7;
}
message StringStringEntryProto { string key = 1; string value = 2; }
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}
message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4;
  repeated int32 int32_data = 5;
  repeated int64 int64_data = 7;
  string name = 8;
  bytes raw_data = 9;
  repeated double double_data = 10;
  string doc_string = 12;
}
message TensorShapeProto {
  message Dimension {
    oneof value { int64 dim_value = 1; string dim_param = 2; }
    string denotation = 3;
  }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
  string denotation = 6;
}
`;

/** ONNX TensorProto.DataType codes used here. */
export const OnnxDataType = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;
/** ONNX AttributeProto.AttributeType codes used here. */
export const OnnxAttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

let root: protobuf.Root | undefined;

/** The parsed schema (lazily, once). */
function schema(): protobuf.Root {
  root ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
  return root;
}

/** The `onnx.ModelProto` message type. */
export function modelProtoType(): protobuf.Type {
  return schema().lookupType('onnx.ModelProto');
}

/** Encodes a plain ModelProto object (snake_case fields as in onnx.proto) to `.onnx` bytes. */
export function encodeModelProto(model: Record<string, unknown>): Uint8Array {
  const T = modelProtoType();
  const err = T.verify(model);
  if (err !== null) throw new Error(`invalid ONNX ModelProto: ${err}`);
  return T.encode(T.fromObject(model)).finish();
}

/** Decodes `.onnx` bytes to a plain ModelProto object (int64 as numbers, bytes as Uint8Array). */
export function decodeModelProto(bytes: Uint8Array): Record<string, unknown> {
  const T = modelProtoType();
  return T.toObject(T.decode(bytes), { longs: Number, defaults: false, arrays: true }) as Record<string, unknown>;
}
