/** The runtime interface of actuators: one input port each, applied every physics substep. */
import type { AnalogPortDecl } from '../../core/ports.js';
import type { RobotRuntime } from '../robot-runtime.js';

/** A live actuator. */
export interface ActuatorRuntime {
  /** Input port name (`<name>.command`) and its declaration. */
  readonly inputPort: string;
  readonly inputDecl: AnalogPortDecl;
  /** Extra outputs (e.g. applied effort). */
  readonly outputs: Readonly<Record<string, AnalogPortDecl>>;
  /** Takes this step's command (validated against its range); `undefined` keeps the last one. */
  setCommand(rt: RobotRuntime, command: number | undefined, engine: string): void;
  /** Before each substep, after user forces were cleared: add forces/torques. */
  applyForces(rt: RobotRuntime, substepS: number): void;
  writeOutputs(out: Record<string, Float64Array>): void;
  reset(rt: RobotRuntime): void;
  getState(): unknown;
  setState(s: unknown): void;
}
