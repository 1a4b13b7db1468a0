/**
 * `npm run science -- <experiment> [--seeds N] [--out DIR] [--set k=v ...]`: runs an experiment's
 * full scientific protocol over several seeds (long; not for CI) and writes a summary table.
 * Each experiment that supports it exports `science` from its module folder: a function that runs
 * the seeds and returns rows plus a markdown table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const argv = process.argv.slice(2);
const name = argv[0];
if (name === undefined || name.startsWith('-')) {
  console.error('usage: npm run science -- <experiment> [--seeds N] [--out DIR] [--set k=v]');
  process.exit(2);
}
const opt = (flag: string, dflt: string): string => {
  const i = argv.indexOf(flag);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : dflt;
};
const sets: Record<string, unknown> = {};
argv.forEach((a, i) => {
  if (a === '--set' && argv[i + 1] !== undefined) {
    const s = argv[i + 1] as string;
    const eq = s.indexOf('=');
    const raw = s.slice(eq + 1);
    let v: unknown = raw;
    try {
      v = JSON.parse(raw);
    } catch {
      v = raw;
    }
    sets[s.slice(0, eq)] = v;
  }
});
const seeds = Number(opt('--seeds', '5'));
const out = resolve(opt('--out', join('runs', `science-${name}`)));
mkdirSync(out, { recursive: true });
const mod = (await import(`./${name}/science.js`)) as {
  science: (o: { seeds: number; out: string; set: Record<string, unknown>; log: (s: string) => void }) => Promise<{ markdown: string; rows: unknown }>;
};
const res = await mod.science({ seeds, out, set: sets, log: (s) => process.stderr.write(`${s}\n`) });
writeFileSync(join(out, 'summary.md'), res.markdown);
writeFileSync(join(out, 'summary.json'), JSON.stringify(res.rows, null, 1));
process.stdout.write(`${res.markdown}\nwritten: ${join(out, 'summary.md')}\n`);
