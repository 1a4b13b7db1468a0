/**
 * `npm run bench -- snn [--json] [--nets coba,cuba,brunel] [--t-ms 1000] [--reps 1] [--no-runtime] [--no-scaling] [--no-js]`
 *
 * COBA 4k, CUBA 4k and Brunel 12.5k for 1 s of biological time at dt 0.1 ms: ours and Brian2
 * (cpp_standalone single-threaded, and runtime/cython) measured in the same run on the same machine.
 * Every simulation runs in its own process so peak memory is per run. Figures:
 *  - loop: network loop time (ours: SpikingNetwork.run; Brian2 standalone: its own run timer);
 *  - ttr: total time to result, process start → statistics (Brian2 standalone includes code
 *    generation and C++ compilation, as a user pays it);
 *  - synaptic events/s (events delivered / loop time), peak RSS, bytes per synapse (ours:
 *    connectivity + weights + delays held by projections);
 *  - mean E/I rates and ISI CVs of both, as a sanity check that the same network was simulated.
 * Plus COBA at 16k and 64k neurons (in-degree 80) for ours: cost growth vs N.
 * COBA and CUBA also run with our JavaScript kernels (`kernel: 'js'`; their models step on
 * WebAssembly kernels by default, with bit-identical results): `oursJs`, `wasmSpeedup` (unless
 * --no-js; Brunel's IF_curr_delta has only the JS kernel).
 * Ratios are ours / Brian2 cpp_standalone. Reports medians over --reps.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

interface RunResult {
  rateE: number;
  rateI: number;
  cvE: number;
  cvI: number;
  loop_s: number;
  total_s: number;
  build_s: number;
  synapses: number;
  events: number;
  peak_rss_mb: number;
  bytes_per_synapse?: number;
}

const SIZES: Record<string, number> = { coba: 4000, cuba: 4000, brunel: 12500 };

/** Worker mode: simulate one network with our simulator and print one JSON line. */
async function worker(net: string, n: number, tMs: number, seed: number, t0: number, kernel: 'wasm' | 'js'): Promise<void> {
  const m = await import('../brains/spiking/index.js');
  const desc = net === 'coba' ? m.cobaNetwork(n) : net === 'cuba' ? m.cubaNetwork(n) : m.brunelNetwork(n);
  const b0 = performance.now();
  const sim = m.buildNetwork(desc, { seed, kernel });
  const b1 = performance.now();
  sim.run(tMs);
  const b2 = performance.now();
  const E = sim.getSpikes('E');
  const I = sim.getSpikes('I');
  const sE = m.spikeStats(E.ids, E.timesMs, sim.population('E').n, 200, tMs);
  const sI = m.spikeStats(I.ids, I.timesMs, sim.population('I').n, 200, tMs);
  const r: RunResult = {
    rateE: sE.rateHz, rateI: sI.rateHz, cvE: sE.cv, cvI: sI.cv,
    loop_s: (b2 - b1) / 1000, build_s: (b1 - b0) / 1000, total_s: (Date.now() - t0) / 1000,
    synapses: sim.synapseCount(), events: sim.events, peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    bytes_per_synapse: sim.synapseBytes() / sim.synapseCount(),
  };
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

function runOurs(net: string, n: number, tMs: number, seed: number, kernel: 'wasm' | 'js' = 'wasm'): RunResult {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--worker', net, String(n), String(tMs), String(seed), String(t0), kernel], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`our ${net} run failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop() as string;
  const res = JSON.parse(line) as RunResult;
  return { ...res, total_s: (Date.now() - t0) / 1000 };
}

function runBrian2(net: string, n: number, tMs: number, seed: number, target: 'cpp_standalone' | 'runtime'): RunResult {
  const dir = mkdtempSync(join(tmpdir(), `b2-${net}-`));
  try {
    const t0 = Date.now();
    const r = spawnSync('/usr/bin/python3', [join(here, 'peers/brian2/networks.py'), net, String(n), String(tMs), String(seed), target, join(dir, 'out')], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    if (r.status !== 0) throw new Error(`Brian2 ${target} ${net} failed: ${r.stderr.slice(-2000)}`);
    const line = r.stdout.trim().split('\n').pop() as string;
    const res = JSON.parse(line) as RunResult & { peak_rss_children_mb: number };
    return { ...res, total_s: (Date.now() - t0) / 1000, peak_rss_mb: Math.max(res.peak_rss_mb, res.peak_rss_children_mb) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function medianRuns(runs: RunResult[]): RunResult {
  const keys = Object.keys(runs[0] as RunResult) as (keyof RunResult)[];
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = median(runs.map((r) => r[k] as number));
  return out as unknown as RunResult;
}

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Bench entry. */
export default async function snnBench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const nets = (opt(args, '--nets') ?? 'coba,cuba,brunel').split(',');
  const tMs = Number(opt(args, '--t-ms') ?? 1000);
  const reps = Number(opt(args, '--reps') ?? 1);
  const withRuntime = !args.includes('--no-runtime');
  const withScaling = !args.includes('--no-scaling');
  const withJs = !args.includes('--no-js');
  const log = (s: string): void => {
    if (!json) console.log(s);
    else process.stderr.write(`${s}\n`);
  };
  const networks: Record<string, unknown> = {};
  for (const net of nets) {
    const n = SIZES[net];
    if (n === undefined) throw new Error(`unknown network ${net}; use coba, cuba, brunel`);
    const ours: RunResult[] = [];
    const cpp: RunResult[] = [];
    const rt: RunResult[] = [];
    const js: RunResult[] = [];
    const jsToo = withJs && net !== 'brunel';
    for (let r = 0; r < reps; r++) {
      log(`[snn] ${net} rep ${r + 1}/${reps}: ours …`);
      ours.push(runOurs(net, n, tMs, 1 + r));
      if (jsToo) {
        log(`[snn] ${net} rep ${r + 1}/${reps}: ours, JS kernels …`);
        js.push(runOurs(net, n, tMs, 1 + r, 'js'));
      }
      log(`[snn] ${net} rep ${r + 1}/${reps}: Brian2 cpp_standalone …`);
      cpp.push(runBrian2(net, n, tMs, 1 + r, 'cpp_standalone'));
      if (withRuntime) {
        log(`[snn] ${net} rep ${r + 1}/${reps}: Brian2 runtime …`);
        rt.push(runBrian2(net, n, tMs, 1 + r, 'runtime'));
      }
    }
    const o = medianRuns(ours);
    const c = medianRuns(cpp);
    const R = withRuntime ? medianRuns(rt) : undefined;
    const J = jsToo ? medianRuns(js) : undefined;
    networks[net] = {
      neurons: n, tMs, reps,
      ours: { ...o, events_per_s: o.events / o.loop_s },
      ...(J ? { oursJs: { ...J, events_per_s: J.events / J.loop_s }, wasmSpeedup: J.loop_s / o.loop_s, loopRatioJs: J.loop_s / c.loop_s } : {}),
      brian2Cpp: { ...c, events_per_s: c.events / (c.loop_s || Number.NaN) },
      ...(R ? { brian2Runtime: { ...R, events_per_s: R.events / R.loop_s } } : {}),
      loopRatio: o.loop_s / c.loop_s,
      ttrRatio: o.total_s / c.total_s,
      ...(R ? { loopRatioRuntime: o.loop_s / R.loop_s, ttrRatioRuntime: o.total_s / R.total_s } : {}),
      memRatio: o.peak_rss_mb / c.peak_rss_mb,
      bytesPerSynapse: o.bytes_per_synapse,
    };
  }
  let scaling: Record<string, unknown> | undefined;
  if (withScaling) {
    const pts: { n: number; loop_s: number; per_neuron_us: number }[] = [];
    for (const n of [4000, 16000, 64000]) {
      log(`[snn] scaling: COBA ${n} (ours) …`);
      const r = runOurs('coba', n, tMs, 1);
      pts.push({ n, loop_s: r.loop_s, per_neuron_us: (r.loop_s / n) * 1e6 });
    }
    const p0 = pts[0] as { n: number; loop_s: number };
    scaling = { network: 'coba (in-degree 80)', points: pts, growth: pts.map((p) => ({ n: p.n, costRatio: p.loop_s / p0.loop_s, sizeRatio: p.n / p0.n })) };
  }
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGB: totalmem() / 2 ** 30, node: process.version, note: 'shared 2-core machine; ratios are measured in the same run' };
  if (json) {
    process.stdout.write(`${JSON.stringify({ benchmark: 'snn', units: { time: 's', memory: 'MB', rate: 'Hz' }, peers: ['brian2 cpp_standalone (1 thread)', 'brian2 runtime (cython)'], networks, scaling, machine })}\n`);
    return;
  }
  console.log('\nnetwork  figure                ours        brian2-cpp   ratio   brian2-runtime  ratio');
  for (const [net, v] of Object.entries(networks) as [string, { ours: RunResult & { events_per_s: number }; oursJs?: RunResult; brian2Cpp: RunResult & { events_per_s: number }; brian2Runtime?: RunResult & { events_per_s: number } }][]) {
    const row = (label: string, a: number, b: number, c?: number, unit = ''): void => {
      console.log(`${net.padEnd(8)} ${label.padEnd(20)} ${fmt(a).padStart(10)}${unit} ${fmt(b).padStart(10)}${unit} ${(a / b).toFixed(2).padStart(7)} ${c === undefined ? '' : `${fmt(c).padStart(12)}${unit} ${(a / c).toFixed(2).padStart(7)}`}`);
    };
    row('loop (s)', v.ours.loop_s, v.brian2Cpp.loop_s, v.brian2Runtime?.loop_s);
    row('time to result (s)', v.ours.total_s, v.brian2Cpp.total_s, v.brian2Runtime?.total_s);
    row('events/s', v.ours.events_per_s, v.brian2Cpp.events_per_s, v.brian2Runtime?.events_per_s);
    row('peak RSS (MB)', v.ours.peak_rss_mb, v.brian2Cpp.peak_rss_mb, v.brian2Runtime?.peak_rss_mb);
    row('rate E (Hz)', v.ours.rateE, v.brian2Cpp.rateE, v.brian2Runtime?.rateE);
    row('rate I (Hz)', v.ours.rateI, v.brian2Cpp.rateI, v.brian2Runtime?.rateI);
    row('CV E', v.ours.cvE, v.brian2Cpp.cvE, v.brian2Runtime?.cvE);
    console.log(`${net.padEnd(8)} bytes/synapse (ours) ${fmt(v.ours.bytes_per_synapse ?? Number.NaN).padStart(10)}`);
    if (v.oursJs) console.log(`${net.padEnd(8)} loop, JS kernels (s) ${fmt(v.oursJs.loop_s).padStart(10)}  (WebAssembly kernels ${(v.oursJs.loop_s / v.ours.loop_s).toFixed(2)}× faster)`);
  }
  if (scaling) console.log('\nCOBA scaling (ours):', JSON.stringify(scaling.growth));
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e5 ? x.toExponential(3) : x.toFixed(3);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === '--worker') {
  const [net, n, tMs, seed, t0, kernel] = process.argv.slice(3);
  await worker(net as string, Number(n), Number(tMs), Number(seed), Number(t0), kernel === 'js' ? 'js' : 'wasm');
}
