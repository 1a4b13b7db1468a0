/**
 * `neuroloop` command line: run an experiment into a run folder, list experiments, inspect a run.
 */
import { Command, InvalidArgumentError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NeuroloopError } from '../core/errors.js';
import type { Bus } from '../core/bus.js';
import { readStreamIndex, readTrials } from '../experiments/framework/run-folder.js';
import { runExperiment } from '../experiments/framework/runner.js';
import { parseAssignment } from '../experiments/framework/set-path.js';
import { experimentJsonSchemas } from '../experiments/framework/schema.js';
import { experiments } from '../experiments/registry.js';
import { createProgress } from './progress.js';
import { extraCommands } from './extra-commands.js';

const program = new Command();
program.name('neuroloop').description('Closed-loop neurorobotics co-simulation').showHelpAfterError();

const collect = (v: string, acc: string[]): string[] => [...acc, v];
const intArg = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer (got '${v}')`);
  return n;
};

program
  .command('run')
  .description('run an experiment and write its run folder')
  .argument('<experiment>', `one of: ${Object.keys(experiments).join(', ')}`)
  .option('--seed <n>', 'random seed', intArg('--seed'), 1)
  .option('--out <dir>', 'run folder (default runs/<experiment>-<time>)')
  .option('--trials <n>', 'run only the first n trials', intArg('--trials'))
  .option('--realtime [factor]', 'pace at wall-clock speed × factor (default: as fast as possible)')
  .option('--overrun <policy>', "realtime overrun policy: 'warn' or 'abort'", 'warn')
  .option('--set <path=value>', 'override a parameter (repeatable), e.g. --set isiMs=300', collect, [])
  .option('--brain <name>', 'sugar for --set brain=<name> (experiments with a brain parameter), e.g. emulator:spinnaker')
  .option('--json', 'print the final metrics as one JSON object on stdout')
  .option('--quiet', 'no progress bar')
  .option('--phases <list>', 'comma-separated protocol phases (experiments that have them), e.g. acquisition,extinction,reacquisition')
  .option('--view', 'serve the live viewer on 127.0.0.1 while the run goes (paced at real time from the page controls)')
  .action(async (name: string, o: { seed: number; out?: string; trials?: number; realtime?: string | boolean; overrun: string; set: string[]; brain?: string; json?: boolean; quiet?: boolean; phases?: string; view?: boolean }) => {
    const load = experiments[name];
    if (load === undefined) throw new NeuroloopError(`unknown experiment '${name}'. Available: ${Object.keys(experiments).join(', ')} (see 'neuroloop list')`);
    const mod = await load();
    const set: Record<string, unknown> = {};
    for (const s of o.set) {
      const [k, v] = parseAssignment(s);
      set[k] = v;
    }
    if (o.brain !== undefined) set.brain = o.brain;
    if (o.phases !== undefined) set.phases = o.phases.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
    const factor = o.realtime === undefined || o.realtime === false ? undefined : o.realtime === true ? 1 : Number(o.realtime);
    const pacing = factor === undefined ? { mode: 'afap' as const } : { mode: 'realtime' as const, factor, overrun: o.overrun as 'warn' | 'abort' };
    const out = resolve(o.out ?? join('runs', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`));
    const progress = createProgress(!o.quiet && !o.json);
    let bus: Bus | undefined;
    let viewerReady: Promise<{ url: string; close: () => Promise<void> }> | undefined;
    const onSignal = (): void => {
      process.stderr.write('\nstopping: flushing the run folder...\n');
      bus?.stop();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const res = await runExperiment(mod, { seed: o.seed, ...(o.trials !== undefined ? { trials: o.trials } : {}), pacing, set }, {
      outDir: out,
      onProgress: progress.update,
      onBus: async (b) => {
        bus = b;
        if (o.view) {
          const { startViewer } = await import('../viewer/live/start-viewer.js');
          const v = await startViewer({ bus: b, title: `neuroloop ${name}`, paused: true });
          process.stderr.write(`viewer: ${v.url} (press play in the page)\n`);
          viewerReady = Promise.resolve(v);
        }
      },
      log: (lvl, msg) => {
        if (lvl === 'warn') process.stderr.write(`warning: ${msg}\n`);
      },
    });
    progress.stop();
    if (viewerReady !== undefined) {
      const v = await viewerReady;
      process.stderr.write(`run finished; the viewer stays at ${v.url} until Ctrl-C\n`);
      await new Promise<void>((r) => process.once('SIGINT', () => r()));
      await v.close();
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const report = await renderReportIfAvailable(out, res.plots);
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ state: res.state, dir: out, metrics: res.metrics, realTimeFactor: res.timing.realTimeFactor })}\n`);
    } else {
      for (const line of res.summary) process.stdout.write(`${line}\n`);
      process.stdout.write(`run ${res.state}: ${out}\n`);
      process.stdout.write(`simulated ${(res.timing.simNs / 1e9).toFixed(2)} s in ${(res.timing.wallMs / 1e3).toFixed(2)} s wall (${res.timing.realTimeFactor.toFixed(1)}× real time)\n`);
      if (report !== undefined) process.stdout.write(`report: ${report}\n`);
    }
    if (res.state === 'failed') {
      process.stderr.write(`error: ${res.error?.message ?? 'unknown'}\n`);
      process.exitCode = 1;
    } else if (res.state === 'interrupted') process.exitCode = 130;
  });

program
  .command('list')
  .description('list the built-in experiments')
  .action(async () => {
    for (const [name, load] of Object.entries(experiments)) {
      try {
        const mod = await load();
        process.stdout.write(`${name.padEnd(14)} ${mod.description}\n`);
      } catch (err) {
        process.stdout.write(`${name.padEnd(14)} (failed to load: ${err instanceof Error ? err.message : String(err)})\n`);
      }
    }
  });

program
  .command('inspect')
  .description('summarise a run folder')
  .argument('<run-folder>')
  .action((dir: string) => {
    const p = (f: string): string => join(dir, f);
    if (!existsSync(p('status.json'))) throw new NeuroloopError(`${dir} is not a run folder (no status.json)`);
    const exp = JSON.parse(readFileSync(p('experiment.json'), 'utf8')) as { name: string; seed: number; params: unknown; gitCommit: string | null };
    const status = JSON.parse(readFileSync(p('status.json'), 'utf8')) as { state: string; simTimeNs: number; wallMs: number; trialsDone: number; trialsTotal: number; error?: { message: string } };
    process.stdout.write(`experiment ${exp.name} (seed ${exp.seed}, commit ${exp.gitCommit ?? 'none'})\n`);
    process.stdout.write(`state ${status.state}: ${status.trialsDone}/${status.trialsTotal} trials, ${(status.simTimeNs / 1e9).toFixed(2)} s simulated in ${(status.wallMs / 1e3).toFixed(2)} s\n`);
    if (status.state === 'running') process.stdout.write('(status still says running: the process was killed; recordings are readable up to the last chunk)\n');
    if (status.error) process.stdout.write(`error: ${status.error.message}\n`);
    process.stdout.write(`params ${JSON.stringify(exp.params)}\n`);
    for (const s of readStreamIndex(dir)) process.stdout.write(`stream ${s.key} (${s.kind}) → recording/${s.file}\n`);
    process.stdout.write(`trials recorded: ${readTrials(dir).length}\n`);
    if (existsSync(p('metrics.json'))) {
      const m = JSON.parse(readFileSync(p('metrics.json'), 'utf8')) as { summary?: unknown };
      process.stdout.write(`summary ${JSON.stringify(m.summary ?? m)}\n`);
    }
  });

program
  .command('schema')
  .description('print the JSON Schemas of the experiment descriptors (protocol, record, pacing, run options)')
  .action(() => {
    process.stdout.write(`${JSON.stringify(experimentJsonSchemas(), null, 1)}\n`);
  });

for (const add of extraCommands) add(program);

/** Renders the report if the viewer's report module is present; never fails the run. */
async function renderReportIfAvailable(dir: string, extraSpecs: Record<string, unknown> | undefined): Promise<string | undefined> {
  try {
    const mod = (await import('../viewer/report/index.js')) as unknown as { renderReport?: (d: string, o?: { extraSpecs?: Record<string, unknown> }) => Promise<string | void> };
    if (mod.renderReport === undefined) return undefined;
    await mod.renderReport(dir, extraSpecs ? { extraSpecs } : {});
    return join(dir, 'report.html');
  } catch (err) {
    if (process.env.NEUROLOOP_DEBUG) process.stderr.write(`report not rendered: ${String(err)}\n`);
    return undefined;
  }
}

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
