import { MockEngine } from '../../core/testing/mock-engine.js';
import { describeEngineConformance } from '../conformance/engine-conformance.js';

describeEngineConformance('MockEngine', {
  create: () => new MockEngine({ name: 'mock', dtNs: 1_000_000, channels: 3 }),
  inputs: (k) => ({ drive: Float64Array.of(k % 3, 1, 0.25) }),
});
