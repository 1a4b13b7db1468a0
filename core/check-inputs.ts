/**
 * Input and step checks every engine runs at the top of `advance`, so bad inputs fail with the
 * engine and port named instead of corrupting state.
 */
import { EngineError, ValidationError } from './errors.js';
import { checkPortValue, type Inputs, type PortSpec } from './ports.js';
import type { TimeNs } from './time.js';

/** Validates `inputs` against `ports.inputs`: unknown ports and malformed values throw. */
export function checkInputs(engine: string, ports: PortSpec, inputs: Inputs): void {
  for (const key of Object.keys(inputs)) {
    const decl = ports.inputs[key];
    if (decl === undefined) {
      const known = Object.keys(ports.inputs);
      throw new ValidationError(`${engine}.inputs.${key}`, key, `one of [${known.join(', ')}]`, 'write only to declared input ports');
    }
    checkPortValue(`${engine}.inputs.${key}`, decl, inputs[key]);
  }
}

/** Throws unless `to` is exactly one step after `now`. */
export function checkStep(engine: string, now: TimeNs, dt: TimeNs, to: TimeNs): void {
  if (to !== now + dt) {
    throw new EngineError(engine, now, `advance(to=${to}) must be exactly now+dt=${now + dt} ns`);
  }
}
