/**
 * TVB `Bold` monitor: the signal is averaged over 4 ms windows (stock sample rate 2^-2 /ms) into a
 * stock covering the kernel length (20 s), which is convolved with the first-order Volterra
 * haemodynamic response kernel every period (default 2000 ms):
 *   hrf(t) = 1/3 · exp(−t / (2 τ_s)) · sin(ω t) / ω,  ω = sqrt(1/τ_f − 1/(4 τ_s²)),  t in s,
 *   BOLD = (Σ_k hrf(k Δ) · stock[now − k] − 1) · k_1 · V_0.
 * The convolution here is plainly causal (the newest stock sample meets hrf(0)); TVB's roll aligns
 * the kernel one stock sample later, a 4 ms shift that is below the 2 s sampling period.
 */
import { ValidationError } from '../../../core/errors.js';
import type { Monitor } from './monitor.js';

/** Parameters of the first-order Volterra kernel (TVB `FirstOrderVolterra`, times in s). */
export interface VolterraKernelParams {
  readonly tau_s: number;
  readonly tau_f: number;
  readonly k_1: number;
  readonly V_0: number;
}

/** TVB defaults. */
export const VOLTERRA_DEFAULTS: VolterraKernelParams = Object.freeze({ tau_s: 0.8, tau_f: 0.4, k_1: 5.6, V_0: 0.02 });

/** hrf(t) of the first-order Volterra kernel, t in seconds. */
export function volterraHrf(tS: number, p: VolterraKernelParams = VOLTERRA_DEFAULTS): number {
  const w = Math.sqrt(1 / p.tau_f - 1 / (4 * p.tau_s * p.tau_s));
  return (1 / 3) * Math.exp((-0.5 * tS) / p.tau_s) * (Math.sin(w * tS) / w);
}

/** Options of the BOLD monitor. */
export interface BoldMonitorOptions {
  /** Output period (ms), default 2000. */
  readonly periodMs?: number;
  /** Kernel length (ms), default 20000. */
  readonly hrfLengthMs?: number;
  readonly kernel?: VolterraKernelParams;
}

/** BOLD via interim 4 ms averages and Volterra-kernel convolution. */
export class BoldMonitor implements Monitor {
  readonly name = 'Bold';
  readonly periodMs: number;
  readonly last: Float64Array;
  lastTimeMs = Number.NaN;
  private readonly interimIstep: number;
  private readonly istep: number;
  private readonly interim: Float64Array;
  private interimCount = 0;
  private readonly stock: Float64Array;
  private readonly stockSteps: number;
  private stockHead = 0;
  private readonly hrf: Float64Array;
  private readonly k1V0: number;
  constructor(private readonly dtMs: number, private readonly size: number, opts: BoldMonitorOptions = {}, private readonly onSample?: (tMs: number, v: Float64Array) => void) {
    const interimPeriodMs = 4;
    this.interimIstep = Math.round(interimPeriodMs / dtMs);
    if (this.interimIstep < 1 || Math.abs(this.interimIstep * dtMs - interimPeriodMs) > 1e-9 * interimPeriodMs) {
      throw new ValidationError('Bold.dtMs', dtMs, 'a step that divides 4 ms (the stock period)', 'use e.g. dt = 0.1 ms or 2^-k ms');
    }
    const periodMs = opts.periodMs ?? 2000;
    this.istep = Math.round(periodMs / dtMs);
    if (this.istep % this.interimIstep !== 0) throw new ValidationError('Bold.periodMs', periodMs, 'a multiple of 4 ms', 'use e.g. 2000 ms');
    this.periodMs = this.istep * dtMs;
    const hrfLengthMs = opts.hrfLengthMs ?? 20000;
    this.stockSteps = Math.ceil(hrfLengthMs / interimPeriodMs);
    const kernel = opts.kernel ?? VOLTERRA_DEFAULTS;
    this.hrf = new Float64Array(this.stockSteps);
    for (let k = 0; k < this.stockSteps; k++) this.hrf[k] = volterraHrf((k * interimPeriodMs) / 1000, kernel);
    this.k1V0 = kernel.k_1 * kernel.V_0;
    this.interim = new Float64Array(size);
    this.stock = new Float64Array(this.stockSteps * size);
    this.last = new Float64Array(size);
  }
  sample(step: number, signal: Float64Array): boolean {
    const n = this.size;
    for (let i = 0; i < n; i++) this.interim[i] = (this.interim[i] as number) + (signal[i] as number);
    this.interimCount++;
    if (this.interimCount === this.interimIstep) {
      this.stockHead = (this.stockHead + 1) % this.stockSteps;
      const off = this.stockHead * n;
      for (let i = 0; i < n; i++) this.stock[off + i] = (this.interim[i] as number) / this.interimCount;
      this.interim.fill(0);
      this.interimCount = 0;
    }
    if (step % this.istep !== 0 || step === 0) return false;
    this.compute();
    this.lastTimeMs = step * this.dtMs;
    this.onSample?.(this.lastTimeMs, this.last);
    return true;
  }
  /** Convolves the stock with the kernel into `last` (exposed for on-demand reads). */
  compute(): void {
    const n = this.size;
    const out = this.last;
    out.fill(0);
    for (let k = 0; k < this.stockSteps; k++) {
      const slot = (this.stockHead - k + this.stockSteps) % this.stockSteps;
      const w = this.hrf[k] as number;
      const off = slot * n;
      for (let i = 0; i < n; i++) out[i] = (out[i] as number) + w * (this.stock[off + i] as number);
    }
    for (let i = 0; i < n; i++) out[i] = ((out[i] as number) - 1) * this.k1V0;
  }
  reset(): void {
    this.interim.fill(0);
    this.interimCount = 0;
    this.stock.fill(0);
    this.stockHead = 0;
    this.last.fill(0);
    this.lastTimeMs = Number.NaN;
  }
}
