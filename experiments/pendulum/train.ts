/**
 * Trains the pendulum swing-up policy with CEM through the vector Env and writes
 * `experiments/pendulum/trained/policy.onnx` (the MLP exported with the in-project ONNX builder)
 * and `policy.json` (options, parameters, learning curve). Run:
 *   npx tsx experiments/pendulum/train.ts [--generations 80] [--population 64] [--seed 1] [--out DIR]
 *     [--init earlier/policy.json --init-std 0.05 --noise-floor 0.02]   (warm start / refinement)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mlpToOnnx } from '../../brains/onnx/index.js';
import { type CemOptions, policyFromParams, trainCem } from './train-cem.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const outIdx = args.indexOf('--out');
const out = outIdx >= 0 ? (args[outIdx + 1] as string) : join(dirname(fileURLToPath(import.meta.url)), 'trained');

const initIdx = args.indexOf('--init');
const init = initIdx >= 0 ? (JSON.parse(readFileSync(args[initIdx + 1] as string, 'utf8')) as { params: number[]; options: { hidden: number } }) : undefined;
const opts: CemOptions = {
  seed: arg('seed', 1),
  generations: arg('generations', 80),
  population: arg('population', 64),
  elites: arg('elites', 10),
  episodes: arg('episodes', 4),
  hidden: init?.options.hidden ?? arg('hidden', 16),
  initStd: arg('init-std', 1),
  noiseFloor: arg('noise-floor', 0.1),
  ...(init ? { initMean: init.params } : {}),
};
const t0 = performance.now();
const res = await trainCem({
  ...opts,
  onGeneration: (g) => process.stderr.write(`gen ${g.generation} best ${g.bestReturn.toFixed(1)} elite ${g.eliteMeanReturn.toFixed(1)} mean ${g.meanReturn.toFixed(1)} std ${g.meanStd.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`),
});
const wallS = (performance.now() - t0) / 1000;
mkdirSync(out, { recursive: true });
const mlp = policyFromParams(opts.hidden, res.params);
writeFileSync(join(out, 'policy.onnx'), mlpToOnnx(mlp, { metadata: { trainedBy: 'CEM (experiments/pendulum/train-cem.ts)', seed: String(opts.seed), generations: String(opts.generations) } }));
writeFileSync(join(out, 'policy.json'), JSON.stringify({ options: { ...opts, initMean: undefined, warmStartFrom: initIdx >= 0 ? args[initIdx + 1] : undefined }, sizes: res.sizes, params: Array.from(res.params), wallS, history: res.history }, null, 1));
process.stderr.write(`wrote ${out}/policy.onnx after ${wallS.toFixed(0)} s\n`);
