/**
 * Further subcommands, each added by a function so main.ts stays small: `view` and `export-nwb`
 * (viewer/commands.ts) and `export-pynn` (neuromorphic/pynn-export). Their modules load lazily so
 * a broken optional part never breaks `run`.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { NeuroloopError } from '../core/errors.js';
import { addExportNwbCommand, addViewCommand } from '../viewer/commands.js';
import { resolveParams } from '../experiments/framework/runner.js';
import { parseAssignment } from '../experiments/framework/set-path.js';
import { experiments } from '../experiments/registry.js';

/** `export-pynn <experiment|network.json> --backend nest|spinnaker|brainscales2 --out FILE`. */
export function addExportPyNNCommand(program: Command): void {
  program
    .command('export-pynn')
    .description("write a runnable PyNN script for an experiment's network (or a NetworkDesc JSON file)")
    .argument('<experiment|network.json>')
    .requiredOption('--backend <name>', 'nest (also runs on pyNN.brian2) | spinnaker | brainscales2')
    .requiredOption('--out <file>', 'the .py file to write')
    .option('--network <name>', 'which network of the experiment (default: the first)')
    .option('--run-ms <ms>', 'simulated time of the script (ms)', '1000')
    .option('--seed <n>', 'connectivity seed (same seed → same connections as our engines)', '1')
    .option('--lenient', 'hardware backends: export with listed deviations instead of failing')
    .option('--plastic-as-static', 'export projections whose rule PyNN lacks (cerebellar rules, nearest-spike STDP) as static synapses with their initial weights')
    .option('--set <path=value>', 'experiment parameter override (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (what: string, o: { backend: string; out: string; network?: string; runMs: string; seed: string; lenient?: boolean; plasticAsStatic?: boolean; set: string[] }) => {
      const { exportPyNN } = await import('../neuromorphic/pynn-export/export-pynn.js');
      let network: unknown;
      if (what.endsWith('.json') && existsSync(what)) {
        network = JSON.parse(readFileSync(what, 'utf8'));
      } else {
        const load = experiments[what];
        if (load === undefined) throw new NeuroloopError(`'${what}' is neither a NetworkDesc .json file nor an experiment (${Object.keys(experiments).join(', ')})`);
        const mod = await load();
        if (mod.networks === undefined) throw new NeuroloopError(`experiment '${what}' declares no spiking network to export`);
        const sets: Record<string, unknown> = {};
        for (const s of o.set) {
          const [k, v] = parseAssignment(s);
          sets[k] = v;
        }
        const nets = mod.networks(resolveParams(mod, sets), { seed: Number(o.seed) });
        const name = o.network ?? Object.keys(nets)[0];
        network = name === undefined ? undefined : nets[name];
        if (network === undefined) throw new NeuroloopError(`network '${o.network}' not found; available: ${Object.keys(nets).join(', ')}`);
      }
      const script = exportPyNN(network as Parameters<typeof exportPyNN>[0], {
        backend: o.backend as 'nest' | 'spinnaker' | 'brainscales2', runMs: Number(o.runMs), seed: Number(o.seed), strict: o.lenient !== true, plasticAsStatic: o.plasticAsStatic === true,
      });
      writeFileSync(o.out, script);
      process.stdout.write(`wrote ${o.out} (${o.backend}, ${script.split('\n').length} lines)\n`);
    });
}

/** Functions that add subcommands to the program. */
export const extraCommands: ((program: Command) => void)[] = [addViewCommand, addExportNwbCommand, addExportPyNNCommand];
