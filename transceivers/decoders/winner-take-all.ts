/**
 * Winner-take-all with hysteresis: picks the channel with the highest activity, but a challenger
 * only replaces the current winner when it exceeds it by `margin` (absolute, in the activity's
 * unit), which stops chattering between near-equal channels. Below `minActivity` nobody wins
 * (−1). Typical use: choosing an action (turn left / right / forward) from motor populations.
 */
import { requireFiniteArray, requireNonNegative, requirePositiveInt } from '../utilities/check.js';
import { ValidationError } from '../../core/errors.js';

/** Descriptor. */
export interface WinnerTakeAllDesc {
  readonly size: number;
  readonly margin: number;
  readonly minActivity?: number;
}

/** State: the current winner (−1 = none). */
export interface WinnerTakeAllState {
  readonly desc: WinnerTakeAllDesc;
  winner: number;
}

/** Creates the state. */
export function createWinnerTakeAll(desc: WinnerTakeAllDesc): WinnerTakeAllState {
  requirePositiveInt('winnerTakeAll.size', desc.size);
  requireNonNegative('winnerTakeAll.margin', desc.margin);
  requireNonNegative('winnerTakeAll.minActivity', desc.minActivity ?? 0);
  return { desc, winner: -1 };
}

/** Updates and returns the winner for `activity`. */
export function winnerTakeAll(state: WinnerTakeAllState, activity: ArrayLike<number>): number {
  const { desc } = state;
  if (activity.length !== desc.size) throw new ValidationError('winnerTakeAll.activity', `length ${activity.length}`, `length ${desc.size}`, 'one activity per channel');
  requireFiniteArray('winnerTakeAll.activity', activity);
  let best = 0;
  for (let i = 1; i < desc.size; i++) if ((activity[i] as number) > (activity[best] as number)) best = i;
  const bestA = activity[best] as number;
  const minA = desc.minActivity ?? 0;
  if (bestA < minA || (bestA === 0 && minA === 0)) {
    state.winner = -1;
    return -1;
  }
  const w = state.winner;
  if (w < 0 || (activity[w] as number) < minA || bestA > (activity[w] as number) + desc.margin) state.winner = best;
  return state.winner;
}
