/**
 * A BoardModel backed by the emulator in its SpiNNaker profile, so the board stand-in runs a real
 * (emulated) sPyNNaker network at 1 ms ticks: atoms injected into an injector label L become the
 * emulator's `L.spikes` input (a SpikeSourceExternal population), and every emulator output
 * `P.spikes` is reported as spikes of population P for the LPG.
 */
import type { SpikeBatch } from '../../core/ports.js';
import type { NetworkDescInput } from '../../brains/network/index.js';
import { EmulatorEngine } from '../emulator/emulator-engine.js';
import { hardwareProfile } from '../emulator/hardware-profile.js';
import type { BoardModel } from './board-stand-in.js';

/** Builds the board model (strict SpiNNaker profile, 1 ms tick). */
export function emulatorBoardModel(network: NetworkDescInput, seed = 0): BoardModel {
  const engine = new EmulatorEngine(network, { profile: hardwareProfile('spinnaker'), name: 'board' });
  const ctx = { seed, startNs: 0, log: () => undefined };
  engine.init(ctx);
  const inputs = Object.keys(engine.ports.inputs);
  return {
    tick(tick, injected) {
      const ins: Record<string, SpikeBatch> = {};
      for (const port of inputs) {
        const atoms = injected.get(port.replace(/\.spikes$/, ''));
        if (atoms !== undefined && atoms.length > 0) ins[port] = { ids: Int32Array.from(atoms), timesNs: new Float64Array(atoms.length).fill(tick * engine.dt), count: atoms.length };
      }
      const out = engine.advance((tick + 1) * engine.dt, ins);
      const res = new Map<string, number[]>();
      for (const [port, v] of Object.entries(out)) {
        if (!port.endsWith('.spikes')) continue;
        const b = v as SpikeBatch;
        res.set(port.slice(0, -'.spikes'.length), Array.from(b.ids.subarray(0, b.count)));
      }
      return res;
    },
    reset() {
      engine.reset({ seed });
    },
  };
}
