/**
 * Shared driver of the side-by-side statistics tests: runs our simulator over several seeds and
 * Brian2 (Debian python3-brian, numpy target: no compiler needed) over several seeds with the same
 * network (bench/peers/brian2/networks.py mirrors brains/spiking/benchmark-networks.ts), and
 * returns the seed-averaged mean E/I rates and ISI CVs (statistics over [200 ms, T)).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brunelNetwork, buildNetwork, cobaNetwork, cubaNetwork, spikeStats } from '../../../brains/spiking/index.js';

/** Seed-averaged statistics. */
export interface NetStats {
  rateE: number;
  rateI: number;
  cvE: number;
  cvI: number;
}

const script = new URL('../../../bench/peers/brian2/networks.py', import.meta.url).pathname;

/** True if Debian's Brian2 is importable. */
export function hasBrian2(): boolean {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import brian2'], { encoding: 'utf8' });
  return r.status === 0;
}

function mean(xs: NetStats[]): NetStats {
  const m = (k: keyof NetStats): number => xs.reduce((a, x) => a + x[k], 0) / xs.length;
  return { rateE: m('rateE'), rateI: m('rateI'), cvE: m('cvE'), cvI: m('cvI') };
}

/** Ours, averaged over `seeds`. */
export function oursStats(net: 'coba' | 'cuba' | 'brunel', n: number, tMs: number, seeds: number[]): NetStats {
  return mean(seeds.map((seed) => {
    const desc = net === 'coba' ? cobaNetwork(n) : net === 'cuba' ? cubaNetwork(n) : brunelNetwork(n);
    const sim = buildNetwork(desc, { seed });
    sim.run(tMs);
    const E = sim.getSpikes('E');
    const I = sim.getSpikes('I');
    const sE = spikeStats(E.ids, E.timesMs, sim.population('E').n, 200, tMs);
    const sI = spikeStats(I.ids, I.timesMs, sim.population('I').n, 200, tMs);
    return { rateE: sE.rateHz, rateI: sI.rateHz, cvE: sE.cv, cvI: sI.cv };
  }));
}

function brianOnce(net: string, n: number, tMs: number, seed: number): Promise<NetStats> {
  const dir = mkdtempSync(join(tmpdir(), 'b2stat-'));
  return new Promise((resolve, reject) => {
    const p = spawn('/usr/bin/python3', [script, net, String(n), String(tMs), String(seed), 'numpy'], { cwd: dir });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`brian2 ${net} seed ${seed} failed: ${err.slice(-1500)}`));
      const r = JSON.parse(out.trim().split('\n').pop() as string) as NetStats;
      resolve({ rateE: r.rateE, rateI: r.rateI, cvE: r.cvE, cvI: r.cvI });
    });
  });
}

/** Brian2, averaged over `seeds` (two processes at a time: CI has 2 cores). */
export async function brian2Stats(net: 'coba' | 'cuba' | 'brunel', n: number, tMs: number, seeds: number[]): Promise<NetStats> {
  const res: NetStats[] = [];
  for (let i = 0; i < seeds.length; i += 2) res.push(...(await Promise.all(seeds.slice(i, i + 2).map((s) => brianOnce(net, n, tMs, s)))));
  return mean(res);
}
