/**
 * A Python simulator on the bus: Brian2 (Debian python3-brian) behind remote/python's host library,
 * driven by RemoteEngine. Checks: conformance suite; the LIF firing rate under constant current
 * against the analytic rate 1/(t_ref + tau·ln(RI/(RI − θ))) (tolerance: one 0.1 ms integration step
 * per interspike interval); in a bus loop with a transceiver.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { msToNs } from '../../core/time.js';
import { RemoteEngine } from '../../remote/remote-engine.js';
import { type ChildHost, spawnHost } from '../../remote/spawn-host.js';
import { describeEngineConformance } from '../conformance/engine-conformance.js';

let host: ChildHost | undefined;
async function brian(): Promise<RemoteEngine> {
  host ??= await spawnHost('/usr/bin/python3', ['remote/python/brian2_engine.py', '--n', '4'], { timeoutMs: 60_000 });
  return RemoteEngine.connect({ url: host.url, timeoutMs: 30_000 });
}
afterAll(async () => {
  await host?.stop();
});

describeEngineConformance('RemoteEngine(Brian2 LIF in Python)', {
  create: brian,
  inputs: (k) => ({ current: Float64Array.of(2, 2.5, 0.5 * (k % 4), 3) }),
  steps: 40,
  timeoutMs: 90_000,
});

describe('Brian2 engine over the remote protocol', () => {
  it('fires at the analytic LIF rate under constant current', async () => {
    const e = await brian();
    await e.init({ seed: 1, startNs: 0, log: () => undefined });
    const currents = [1.6, 2, 3, 5]; // nA; R = 10 MΩ → RI = 16, 20, 30, 50 mV vs θ = 15 mV
    const counts = [0, 0, 0, 0];
    const T = 400; // ms; each 1 ms sync is one Brian2 net.run call (~10 ms of Python overhead each)
    for (let k = 1; k <= T; k++) {
      const out = await e.advance(msToNs(k), { current: Float64Array.from(currents) });
      const s = out.spikes as { ids: Int32Array; timesNs: Float64Array; count: number };
      for (let j = 0; j < s.count; j++) {
        counts[s.ids[j] as number]! += 1;
        // spike times fall inside the step [k-1, k) ms (Brian2 stamps a spike with the start of its 0.1 ms step)
        expect(s.timesNs[j]).toBeGreaterThanOrEqual(msToNs(k - 1));
        expect(s.timesNs[j]).toBeLessThan(msToNs(k));
      }
    }
    for (let i = 0; i < 4; i++) {
      const ri = 10 * (currents[i] as number);
      const isiMs = 2 + 20 * Math.log(ri / (ri - 15));
      const expected = (T / isiMs);
      // each ISI is rounded up to the 0.1 ms grid: rate lies between 1000/(isi+0.1) and 1000/isi (±1 spike for the window edge)
      expect(counts[i]).toBeGreaterThanOrEqual(Math.floor(T / (isiMs + 0.1)) - 1);
      expect(counts[i]).toBeLessThanOrEqual(Math.ceil(expected) + 1);
    }
    await e.dispose();
  }, 240_000);
});
