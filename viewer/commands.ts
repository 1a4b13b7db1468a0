/**
 * Ready-made `neuroloop` subcommands for cli/extra-commands.ts (the CLI owns the program; these
 * only add to it): `view <run-folder>` (replay in the browser viewer) and
 * `export-nwb <run-folder> --out FILE`. `run --view` is wired in the CLI with `startViewer({bus})`
 * from the runner's onBus callback.
 */
import type { Command } from 'commander';

/** Adds `view <run-folder> [--port N] [--speed F]`. */
export function addViewCommand(program: Command): void {
  program
    .command('view')
    .description('replay a run folder in the browser viewer (http://127.0.0.1:PORT/)')
    .argument('<run-folder>')
    .option('--port <n>', 'port (default: a free one)', (v) => Number(v), 0)
    .option('--speed <factor>', "playback realtime factor, or 'max'", '1')
    .action(async (dir: string, o: { port: number; speed: string }) => {
      const { serveReplay } = await import('./live/serve-replay.js');
      const speed = o.speed === 'max' ? null : Number(o.speed);
      const v = await serveReplay(dir, { port: o.port, speed });
      process.stdout.write(`viewer: ${v.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await v.close();
    });
}

/** Adds `export-nwb <run-folder> --out FILE [--overwrite]`. */
export function addExportNwbCommand(program: Command): void {
  program
    .command('export-nwb')
    .description('write a run folder as an NWB 2.7 file (pynwb, Neo)')
    .argument('<run-folder>')
    .requiredOption('--out <file>', 'the .nwb file to write')
    .option('--overwrite', 'replace an existing file')
    .action(async (dir: string, o: { out: string; overwrite?: boolean }) => {
      const { exportNwb } = await import('./nwb/export-nwb.js');
      const r = await exportNwb(dir, o.out, { overwrite: o.overwrite === true });
      process.stdout.write(`wrote ${r.file}: ${r.units} units, ${r.spikes} spikes, acquisition [${r.acquisition.join(', ')}], behavior [${r.behavior.join(', ')}], intervals [${r.intervals.join(', ')}]\n`);
    });
}
