/**
 * A progress bar on stderr for long runs (simulated time, real-time factor, trial, ETA); silent
 * when stderr is not a TTY so logs and CI output stay clean.
 */
import cliProgress from 'cli-progress';
import type { RunProgress } from '../experiments/framework/runner.js';

/** Creates a progress reporter; returns no-ops when not on a TTY or when quiet. */
export function createProgress(enabled: boolean): { update: (p: RunProgress) => void; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: ' {bar} {percentage}% | sim {sim}/{total} s | trial {trial}/{trials} {phase} | {rtf}x real time | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      const payload = {
        sim: (p.simNs / 1e9).toFixed(1), total: (p.simTotalNs / 1e9).toFixed(1), trial: p.trial + 1, trials: p.trialsTotal,
        phase: p.phase, rtf: p.realTimeFactor.toFixed(1),
      };
      if (!started) {
        bar.start(Math.max(1, Math.round(p.simTotalNs / 1e6)), 0, payload);
        started = true;
      }
      bar.update(Math.round(p.simNs / 1e6), payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
