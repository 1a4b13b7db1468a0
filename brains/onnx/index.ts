/** Public API of brains/onnx: the ONNX controller engine and the in-project ONNX model builder. */
export { OnnxEngine, type OnnxEngineDesc, type OnnxPortDesc, type OnnxStateDesc, type TensorInfo } from './onnx-engine.js';
export { OnnxGraphBuilder, type OnnxDtype, type OnnxDim, type OnnxAttribute, type OnnxBuildOptions } from './onnx-model-builder.js';
export { encodeModelProto, decodeModelProto, modelProtoType, OnnxDataType, OnnxAttributeType } from './onnx-proto.js';
export {
  type Activation, type MlpLayerDesc, type MlpDesc, type MlpScratch, type MlpOnnxOptions,
  mlpParamCount, mlpFromParams, mlpScratch, mlpForward, mlpToOnnx,
} from './mlp.js';
export { type GruDesc, GRU_TENSORS, gruToOnnx } from './gru-model.js';
