/**
 * TVB connectivity zip loader against an independent reader (Python's zipfile + float parsing on
 * the same file), and the synthetic connectomes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NeuroloopError, ValidationError } from '../../../core/errors.js';
import {
  listZipEntries, loadTvbConnectivityZip, minInterRegionDelayMs, randomConnectivity, ringConnectivity, integerDelays,
} from '../../../brains/meanfield/index.js';
import { SHARED_DATA } from './reference.js';

const ZIP = join(SHARED_DATA, 'tvb-connectivity-76/connectivity_76.zip');

const PY = `
import zipfile, json, sys
z = zipfile.ZipFile(sys.argv[1])
def mat(name):
    return [[float(v) for v in line.split()] for line in z.read(name).decode().splitlines() if line.strip()]
w = mat('weights.txt'); l = mat('tract_lengths.txt')
cent = [line.split() for line in z.read('centres.txt').decode().splitlines() if line.strip()]
cort = [int(float(v)) for v in z.read('cortical.txt').decode().split()]
print(json.dumps({'n': len(w), 'w': w, 'l': l, 'labels': [c[0] for c in cent], 'xyz': [[float(v) for v in c[1:]] for c in cent], 'cortical': cort,
  'names': sorted(z.namelist())}))
`;

describe('TVB connectivity zip loader', () => {
  it('reads connectivity_76.zip exactly as Python zipfile does', async () => {
    const bytes = new Uint8Array(readFileSync(ZIP));
    const conn = await loadTvbConnectivityZip(bytes);
    const ref = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY, ZIP], { encoding: 'utf8', maxBuffer: 1 << 26 })) as {
      n: number; w: number[][]; l: number[][]; labels: string[]; xyz: number[][]; cortical: number[]; names: string[];
    };
    expect(conn.nRegions).toBe(76);
    expect(ref.n).toBe(76);
    expect(listZipEntries(bytes).map((e) => e.name).sort()).toEqual(ref.names);
    for (let i = 0; i < 76; i++) {
      for (let j = 0; j < 76; j++) {
        expect(conn.weights[i * 76 + j]).toBe(ref.w[i]![j]);
        expect(conn.tractLengthsMm[i * 76 + j]).toBe(ref.l[i]![j]);
      }
      expect(Array.from(conn.centres.subarray(3 * i, 3 * i + 3))).toEqual(ref.xyz[i]);
    }
    expect(conn.labels).toEqual(ref.labels);
    expect(Array.from(conn.cortical)).toEqual(ref.cortical);
    let nnz = 0;
    for (const w of conn.weights) if (w !== 0) nnz++;
    expect(nnz).toBe(1560);
    expect(conn.areas.length).toBe(76);
  });

  it('rejects bytes that are not a zip, naming the problem', async () => {
    await expect(loadTvbConnectivityZip(new Uint8Array(100))).rejects.toThrow(ValidationError);
  });

  it('rejects a truncated archive with a NeuroloopError', async () => {
    const bytes = new Uint8Array(readFileSync(ZIP));
    const cut = bytes.slice(0, bytes.length - 10);
    await expect(loadTvbConnectivityZip(cut)).rejects.toThrow(NeuroloopError);
  });
});

describe('synthetic connectomes and delay helpers', () => {
  it('ring: one edge per node with the given delay', () => {
    const c = ringConnectivity(5, 0.5, 12);
    const d = integerDelays(c, 3, 0.1);
    expect(d[1 * 5 + 0]).toBe(40);
    expect(minInterRegionDelayMs(c, 3)).toBeCloseTo(4, 12);
  });
  it('random: same seed → identical matrices; different seeds differ; lengths are centre distances', () => {
    const a = randomConnectivity(12, 7);
    const b = randomConnectivity(12, 7);
    const c = randomConnectivity(12, 8);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(Array.from(a.weights)).not.toEqual(Array.from(c.weights));
    const dx = (a.centres[0] as number) - (a.centres[3] as number);
    const dy = (a.centres[1] as number) - (a.centres[4] as number);
    const dz = (a.centres[2] as number) - (a.centres[5] as number);
    expect(a.tractLengthsMm[1]).toBeCloseTo(Math.hypot(dx, dy, dz), 12);
  });
  it('min inter-region delay of the 76-region connectome ignores the zero-length self-connections', async () => {
    const conn = await loadTvbConnectivityZip(new Uint8Array(readFileSync(ZIP)));
    const m = minInterRegionDelayMs(conn, 3);
    expect(m).toBeGreaterThan(0);
    expect(Number.isFinite(m)).toBe(true);
  });
});
