/**
 * An experiment module: parameters (a zod schema with defaults, so `--set path=value` is checked),
 * and a `build` that composes engines, transceivers, a protocol, recordings and metrics.
 * Experiments are composition only; the science lives in brains/, bodies/ and transceivers/.
 */
import type { z } from 'zod';
import type { Bus } from '../../core/bus.js';
import type { Engine } from '../../core/engine.js';
import type { Transceiver, TrialInfo } from '../../core/transceiver.js';
import type { ProtocolDescInput, RecordSpec } from './schema.js';

/** A vega-lite spec (kept loose here; viewer/report renders it). */
export type PlotSpec = Readonly<Record<string, unknown>>;

/** What `build` returns: live engines and everything needed to run and score them. */
export interface ExperimentSetup {
  readonly engines: readonly Engine[];
  readonly transceivers: readonly Transceiver<any>[];
  readonly protocol: ProtocolDescInput;
  readonly record?: readonly RecordSpec[];
  /** Subscribe in-memory analysis to the bus (called before init). */
  attach?(bus: Bus): void;
  onTrialStart?(trial: TrialInfo, bus: Bus): void | Promise<void>;
  onTrialEnd?(trial: TrialInfo, bus: Bus): void | Promise<void>;
  /** Metrics by convention `{summary: {...}, trials?: [...], blocks?: [...]}`. */
  metrics(): Record<string, unknown>;
  /** Extra plots for the report, by file name. */
  plots?(): Record<string, PlotSpec>;
  /** Lines printed after the run (the headline result). */
  summary?(metrics: Record<string, unknown>): string[];
}

/** Context given to build. */
export interface BuildContext {
  readonly seed: number;
  readonly log: (level: 'info' | 'warn', message: string) => void;
}

/** An experiment module. */
export interface ExperimentModule<P = any> {
  readonly name: string;
  readonly description: string;
  /** Parameters with defaults; must be a strict object so typos in --set are caught. */
  readonly params: z.ZodType<P>;
  build(params: P, ctx: BuildContext): ExperimentSetup | Promise<ExperimentSetup>;
  /** Optional: the spiking networks the experiment builds (backend-neutral NetworkDesc), for `export-pynn`. */
  networks?(params: P, ctx: { readonly seed: number }): Record<string, unknown>;
}

/** Identity helper that types an experiment module. */
export function defineExperiment<P>(mod: ExperimentModule<P>): ExperimentModule<P> {
  return mod;
}
