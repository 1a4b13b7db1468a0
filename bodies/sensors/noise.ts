/**
 * Sensor noise applied to a port's true reading, in order: latency (a delay line of whole engine
 * steps), additive gaussian noise (seeded per port), quantisation (round to a multiple of
 * `quantum`). Deterministic: the stream is derived from the engine seed and the port name.
 */
import { ValidationError } from '../../core/errors.js';
import { Rng, deriveSeed } from '../../core/random.js';
import type { NoiseDesc } from '../robot-desc.js';

/** Noise state of one port. */
export class PortNoise {
  private readonly delaySteps: number;
  private readonly line: Float64Array[];
  private head = 0;
  private rng: Rng;
  constructor(private readonly port: string, private readonly desc: NoiseDesc, size: number, dtNs: number, seed: number, field: string) {
    const latNs = Math.round((desc.latencyMs ?? 0) * 1e6);
    if (latNs % dtNs !== 0) throw new ValidationError(`${field}.noise.latencyMs`, desc.latencyMs, `a multiple of the engine step (${dtNs / 1e6} ms)`, 'round the latency to whole steps');
    this.delaySteps = latNs / dtNs;
    this.line = Array.from({ length: this.delaySteps + 1 }, () => new Float64Array(size));
    this.rng = new Rng(deriveSeed(seed, `noise:${port}`));
  }
  /** Fills the delay line with the initial reading and reseeds. */
  reset(initial: Float64Array, seed: number): void {
    for (const b of this.line) b.set(initial);
    this.head = 0;
    this.rng = new Rng(deriveSeed(seed, `noise:${this.port}`));
  }
  /** Pushes the true reading and overwrites `value` with the delayed, noisy, quantised one. */
  apply(value: Float64Array): void {
    if (this.delaySteps > 0) {
      this.line[this.head]!.set(value);
      this.head = (this.head + 1) % this.line.length;
      value.set(this.line[this.head]!); // oldest entry: delaySteps steps ago
    }
    const sd = this.desc.gaussianStd ?? 0;
    if (sd > 0) for (let i = 0; i < value.length; i++) value[i] = value[i]! + sd * this.gauss();
    const q = this.desc.quantum;
    if (q !== undefined) for (let i = 0; i < value.length; i++) value[i] = Math.round(value[i]! / q) * q;
  }
  /**
   * Standard normal by the polar method without caching the second variate: core Rng.normal keeps a
   * spare that getState()/setState() do not carry, which would break bit-identical restore.
   */
  private gauss(): number {
    let u: number, v: number, q: number;
    do {
      u = 2 * this.rng.float53() - 1;
      v = 2 * this.rng.float53() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    return u * Math.sqrt((-2 * Math.log(q)) / q);
  }
  getState(): { line: number[][]; head: number; rng: number[] } {
    return { line: this.line.map((b) => Array.from(b)), head: this.head, rng: this.rng.getState() };
  }
  setState(s: { line: number[][]; head: number; rng: number[] }): void {
    s.line.forEach((b, i) => this.line[i]!.set(b));
    this.head = s.head;
    this.rng.setState(s.rng);
  }
}
