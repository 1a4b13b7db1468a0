/**
 * Stimuli into chosen nodes (TVB `patterns.StimuliRegion`): a spatial weight per node times a
 * temporal profile, added to one state variable's derivative (the integrators add dt · stim).
 */
import { ValidationError } from '../../core/errors.js';

/** Temporal profiles (time in ms). */
export type TemporalProfile =
  | { readonly kind: 'pulse'; readonly onsetMs: number; readonly durationMs: number; readonly amplitude: number; readonly periodMs?: number }
  | { readonly kind: 'sine'; readonly amplitude: number; readonly frequencyHz: number; readonly onsetMs?: number };

/** Descriptor of a regional stimulus. */
export interface StimulusDesc {
  /** Index of the state variable the stimulus drives. */
  readonly variable: number;
  /** Node index → spatial weight (nodes not named get 0). */
  readonly nodes: Readonly<Record<number, number>>;
  readonly temporal: TemporalProfile;
}

/** A live stimulus that fills the nvar × n stimulus array for time t. */
export interface Stimulus {
  fill(tMs: number, n: number, out: Float64Array): void;
}

/** Value of a temporal profile at t (ms). */
export function temporalValue(p: TemporalProfile, tMs: number): number {
  if (p.kind === 'pulse') {
    if (tMs < p.onsetMs) return 0;
    const local = p.periodMs === undefined ? tMs - p.onsetMs : (tMs - p.onsetMs) % p.periodMs;
    return local < p.durationMs ? p.amplitude : 0;
  }
  const t0 = p.onsetMs ?? 0;
  return tMs < t0 ? 0 : p.amplitude * Math.sin((2 * Math.PI * p.frequencyHz * (tMs - t0)) / 1000);
}

/** Builds a stimulus for a model with `nvar` variables over `n` nodes. */
export function makeStimulus(desc: StimulusDesc, nvar: number, n: number): Stimulus {
  if (!Number.isInteger(desc.variable) || desc.variable < 0 || desc.variable >= nvar) {
    throw new ValidationError('stimulus.variable', desc.variable, `a state-variable index in [0, ${nvar})`, 'pick the variable to drive');
  }
  const weights = new Float64Array(n);
  for (const [k, w] of Object.entries(desc.nodes)) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new ValidationError(`stimulus.nodes.${k}`, k, `a node index in [0, ${n})`, 'name nodes by index');
    if (!Number.isFinite(w)) throw new ValidationError(`stimulus.nodes.${k}`, w, 'a finite weight', 'fix the weight');
    weights[i] = w;
  }
  const off = desc.variable * n;
  return {
    fill(tMs, nn, out) {
      const a = temporalValue(desc.temporal, tMs);
      for (let i = 0; i < nn; i++) out[off + i] = a * (weights[i] as number);
    },
  };
}
