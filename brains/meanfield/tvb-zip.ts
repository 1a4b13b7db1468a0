/**
 * Loader for TVB connectivity zip files (the format `Connectivity.from_file()` reads): plain-text
 * `weights.txt`, `tract_lengths.txt`, `centres.txt` (label x y z), `cortical.txt`, `areas.txt`.
 *
 * Browser-ready: takes the zip's bytes, walks the central directory itself and inflates entries with
 * the standard `DecompressionStream('deflate-raw')` (Node ≥ 18 and browsers); no Node APIs.
 */
import { UnsupportedFeatureError, ValidationError } from '../../core/errors.js';
import { checkConnectivity, type Connectivity } from './connectivity.js';

/** One file of a zip archive. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

/** Lists the entries of a zip from its central directory. */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + (≤ 65535 comment) bytes.
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 65535); p--) {
    if (dv.getUint32(p, true) === EOCD_SIG) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new ValidationError('zip', `${bytes.length} bytes`, 'a zip archive (end-of-central-directory record)', 'pass the bytes of a .zip file');
  const count = dv.getUint16(eocd + 10, true);
  const cdOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new UnsupportedFeatureError('zip64', 'TVB connectivity zips are small; ZIP64 archives are not read');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== CEN_SIG) {
      throw new ValidationError(`zip.centralDirectory[${k}]`, p, 'a central directory header', 'the zip is truncated or corrupt; re-download it');
    }
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const compressedSize = dv.getUint32(p + 20, true);
    const size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const localHeaderOffset = dv.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if ((flags & 1) !== 0) throw new UnsupportedFeatureError(`zip entry '${name}'`, 'encrypted zip entries are not supported');
    entries.push({ name, method, compressedSize, size, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Extracts one entry's bytes (stored or deflated). */
export async function readZipEntry(bytes: Uint8Array, e: ZipEntry): Promise<Uint8Array> {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = e.localHeaderOffset;
  if (dv.getUint32(p, true) !== LOC_SIG) throw new ValidationError(`zip['${e.name}']`, p, 'a local file header', 'the zip is corrupt; re-download it');
  const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
  const data = bytes.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data.slice();
  if (e.method !== 8) throw new UnsupportedFeatureError(`zip entry '${e.name}' method ${e.method}`, 'only stored (0) and deflate (8) entries are supported');
  const stream = new Blob([data.slice() as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  if (out.length !== e.size) throw new ValidationError(`zip['${e.name}'].size`, out.length, `${e.size} bytes`, 'the zip is corrupt; re-download it');
  return out;
}

/** Parses a whitespace-separated numeric text matrix. */
export function parseNumberTable(text: string, field: string): number[][] {
  const rows: number[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    rows.push(t.split(/\s+/).map((s, col) => {
      const v = Number(s);
      if (!Number.isFinite(v)) throw new ValidationError(`${field}[${rows.length}][${col}]`, s, 'a number', 'fix the file');
      return v;
    }));
  }
  return rows;
}

function baseName(path: string): string {
  const k = path.lastIndexOf('/');
  return (k >= 0 ? path.slice(k + 1) : path).toLowerCase();
}

/** Loads a TVB connectivity zip (bytes) into a Connectivity. */
export async function loadTvbConnectivityZip(bytes: Uint8Array): Promise<Connectivity> {
  const entries = listZipEntries(bytes);
  const files = new Map<string, ZipEntry>();
  for (const e of entries) if (!e.name.endsWith('/')) files.set(baseName(e.name), e);
  const text = async (names: readonly string[]): Promise<string | undefined> => {
    for (const nm of names) {
      const e = files.get(nm);
      if (e !== undefined) return new TextDecoder().decode(await readZipEntry(bytes, e));
    }
    for (const nm of names) {
      if ([...files.keys()].some((k) => k.startsWith(nm.replace('.txt', '')) && !k.endsWith('.txt'))) {
        throw new UnsupportedFeatureError(`connectivity file '${nm}' in a compressed variant`, 'only plain .txt members are read; unpack .bz2/.npy first');
      }
    }
    return undefined;
  };
  const wText = await text(['weights.txt']);
  const lText = await text(['tract_lengths.txt', 'tract_length.txt', 'tracts.txt']);
  if (wText === undefined) throw new ValidationError('zip', [...files.keys()].join(', '), 'a weights.txt member', 'pass a TVB connectivity zip');
  if (lText === undefined) throw new ValidationError('zip', [...files.keys()].join(', '), 'a tract_lengths.txt member', 'pass a TVB connectivity zip');
  const W = parseNumberTable(wText, 'weights.txt');
  const L = parseNumberTable(lText, 'tract_lengths.txt');
  const n = W.length;
  const weights = new Float64Array(n * n);
  const lengths = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const wr = W[i] as number[];
    const lr = L[i];
    if (wr.length !== n) throw new ValidationError(`weights.txt row ${i}`, wr.length, `${n} columns (square matrix)`, 'fix the weights file');
    if (lr === undefined || lr.length !== n) throw new ValidationError(`tract_lengths.txt row ${i}`, lr?.length, `${n} columns`, 'tract lengths must match the weights shape');
    for (let j = 0; j < n; j++) {
      weights[i * n + j] = wr[j] as number;
      lengths[i * n + j] = lr[j] as number;
    }
  }
  const labels: string[] = [];
  const centres = new Float64Array(n * 3);
  const cText = await text(['centres.txt', 'centers.txt']);
  if (cText !== undefined) {
    const rows = cText.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
    if (rows.length !== n) throw new ValidationError('centres.txt', rows.length, `${n} rows`, 'one centre per region');
    rows.forEach((row, i) => {
      const parts = row.split(/\s+/);
      if (parts.length !== 4) throw new ValidationError(`centres.txt row ${i}`, row, 'label x y z', 'fix the centres file');
      labels.push(parts[0] as string);
      for (let k = 0; k < 3; k++) centres[3 * i + k] = Number(parts[k + 1]);
    });
  } else for (let i = 0; i < n; i++) labels.push(`region${i}`);
  const cortical = new Uint8Array(n).fill(1);
  const kText = await text(['cortical.txt']);
  if (kText !== undefined) {
    const rows = parseNumberTable(kText, 'cortical.txt').flat();
    if (rows.length !== n) throw new ValidationError('cortical.txt', rows.length, `${n} flags`, 'one flag per region');
    rows.forEach((v, i) => (cortical[i] = v !== 0 ? 1 : 0));
  }
  let areas = new Float64Array(0);
  const aText = await text(['areas.txt']);
  if (aText !== undefined) areas = Float64Array.from(parseNumberTable(aText, 'areas.txt').flat());
  const c: Connectivity = { nRegions: n, weights, tractLengthsMm: lengths, labels, centres, cortical, areas };
  checkConnectivity(c);
  return c;
}
