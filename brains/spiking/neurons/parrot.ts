/**
 * Parrot neurons (NEST `parrot_neuron`): every spike that arrives (after its delay) is re-emitted
 * in the same step, once per arriving spike; weights are ignored except that they count spikes.
 * Used to relay spike trains (e.g. PF parrots in CerebNEST's ground-truth test).
 */
import { PopulationState } from './population.js';

/** Parrot population. Incoming "weights" are spike counts (any positive weight counts as one). */
export class ParrotPopulation extends PopulationState {
  override resetState(): void {
    this.clearInputs();
  }
  override variable(): Float64Array | undefined {
    return undefined;
  }
  override step(k: number): void {
    this.nSpikes = 0;
    const n = this.n;
    const off = (k % this.nSlots) * n;
    const inE = this.inE;
    for (let i = 0; i < n; i++) {
      const c = inE[off + i] as number;
      if (c !== 0) {
        inE[off + i] = 0;
        for (let m = 0; m < c; m++) this.pushSpike(i);
      }
    }
  }
}
