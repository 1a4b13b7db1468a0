/** Serialisable model descriptors and the factory that turns them into model instances. */
import { ValidationError } from '../../../core/errors.js';
import { generic2dOscillator, type Generic2dOscillatorParams } from './generic-2d-oscillator.js';
import { jansenRit, type JansenRitParams } from './jansen-rit.js';
import type { MeanFieldModel } from './model.js';
import { wilsonCowan, type WilsonCowanParams } from './wilson-cowan.js';
import { zerlautFirstOrder, type ZerlautParams } from './zerlaut.js';

/** A model by TVB class name with parameter overrides. */
export type MeanFieldModelDesc =
  | { readonly kind: 'WilsonCowan'; readonly params?: Partial<WilsonCowanParams> }
  | { readonly kind: 'JansenRit'; readonly params?: Partial<JansenRitParams> }
  | { readonly kind: 'Generic2dOscillator'; readonly params?: Partial<Generic2dOscillatorParams> }
  | { readonly kind: 'ZerlautAdaptationFirstOrder'; readonly params?: Partial<ZerlautParams> };

/** Builds a model from its descriptor. */
export function makeModel(desc: MeanFieldModelDesc): MeanFieldModel {
  switch (desc.kind) {
    case 'WilsonCowan':
      return wilsonCowan(desc.params);
    case 'JansenRit':
      return jansenRit(desc.params);
    case 'Generic2dOscillator':
      return generic2dOscillator(desc.params);
    case 'ZerlautAdaptationFirstOrder':
      return zerlautFirstOrder(desc.params);
    default:
      throw new ValidationError('model.kind', (desc as { kind?: unknown }).kind, 'WilsonCowan | JansenRit | Generic2dOscillator | ZerlautAdaptationFirstOrder',
        'pick a supported TVB model (ZerlautAdaptationSecondOrder is not implemented)');
  }
}

/** Midpoints of the state ranges for n nodes (TVB test initial condition), layout [v * n + i]. */
export function midpointState(m: MeanFieldModel, n: number): Float64Array {
  const x = new Float64Array(m.stateNames.length * n);
  m.stateRange.forEach(([lo, hi], v) => x.fill((lo + hi) / 2, v * n, (v + 1) * n));
  return x;
}
