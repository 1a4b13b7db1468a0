/** The viewer's stand-in engines satisfy the engine contract like every engine. */
import { describeEngineConformance } from '../../conformance/engine-conformance.js';
import { StandInBrainEngine, StandInHeadEngine } from '../../../viewer/live/testing/eyeblink-standins.js';

describeEngineConformance('StandInHeadEngine', {
  create: () => new StandInHeadEngine(),
  inputs: (k) => ({ close: Float64Array.of((k % 7) / 7) }),
  steps: 400, // crosses the tone (100 ms) and puff (350 ms) events
});
describeEngineConformance('StandInBrainEngine', {
  create: () => new StandInBrainEngine(300),
  inputs: (k) => ({ drive: Float64Array.of(k % 3 === 0 ? 400 : 0) }),
  steps: 200,
});
