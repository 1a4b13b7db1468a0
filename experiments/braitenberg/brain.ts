/**
 * The Braitenberg brain as a NetworkDesc (PyNN terms): left/right light and proximity inputs
 * (external spike sources fed by the Poisson encoders), left/right motor populations of LIF
 * neurons (IF_curr_exp) with a tonic bias current.
 *  - Vehicle 2b ("aggression"): crossed excitation light_L → motor_R, light_R → motor_L turns the
 *    rover toward the light.
 *  - Obstacle avoidance: uncrossed excitation prox_L → motor_L and crossed inhibition
 *    prox_L → motor_R turn it away from a wall on the left (and symmetrically).
 */
import type { NetworkDescInput } from '../../brains/network/network-desc.js';

/** Sizes and weights of the Braitenberg network. */
export interface BraitenbergBrainParams {
  readonly inputSize: number;
  readonly motorSize: number;
  /** Light → contralateral motor weight (nA). */
  readonly wLightNA: number;
  /** Proximity → ipsilateral motor weight (nA). */
  readonly wProxExcNA: number;
  /** Proximity → contralateral motor weight (nA, negative = inhibitory). */
  readonly wProxInhNA: number;
  /** Mutual inhibition between the motor populations (nA, ≤ 0): breaks the symmetric deadlock
   * of a wall straight ahead (both sides equally inhibited) by letting one side win. */
  readonly wMotorInhNA: number;
  /** Tonic bias current into motor neurons (nA; rheobase of the defaults is 0.75 nA). */
  readonly biasNA: number;
  readonly timestepMs: number;
}

/** Builds the network descriptor. */
export function braitenbergNetwork(p: BraitenbergBrainParams): NetworkDescInput {
  const src = (label: string) => ({ label, size: p.inputSize, cellType: 'SpikeSourceExternal' });
  const motor = (label: string) => ({
    label, size: p.motorSize, cellType: 'IF_curr_exp',
    params: { i_offset: p.biasNA, tau_refrac: 2 },
    initial: { v: { distribution: 'uniform' as const, low: -65, high: -50 } },
  });
  const proj = (label: string, pre: string, post: string, weight: number) => ({
    label, pre, post, connector: { type: 'AllToAll' as const },
    // PyNN convention for current-based synapses: inhibitory weights are negative (nA).
    synapse: { type: 'StaticSynapse' as const, weight, delay: p.timestepMs },
    receptor: weight >= 0 ? 'excitatory' : 'inhibitory',
  });
  return {
    timestepMs: p.timestepMs,
    populations: [src('lightL'), src('lightR'), src('proxL'), src('proxR'), motor('motorL'), motor('motorR')],
    projections: [
      proj('lightL_motorR', 'lightL', 'motorR', p.wLightNA),
      proj('lightR_motorL', 'lightR', 'motorL', p.wLightNA),
      proj('proxL_motorL', 'proxL', 'motorL', p.wProxExcNA),
      proj('proxR_motorR', 'proxR', 'motorR', p.wProxExcNA),
      proj('proxL_motorR', 'proxL', 'motorR', p.wProxInhNA),
      proj('proxR_motorL', 'proxR', 'motorL', p.wProxInhNA),
      ...(p.wMotorInhNA < 0 ? [proj('motorL_motorR', 'motorL', 'motorR', p.wMotorInhNA), proj('motorR_motorL', 'motorR', 'motorL', p.wMotorInhNA)] : []),
    ],
  };
}
