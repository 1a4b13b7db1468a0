/**
 * The thin NWB 2.7 layer over h5wasm: typed groups and datasets carry `namespace`,
 * `neurodata_type` and `object_id`; DynamicTables carry `colnames`, an `id` column and ragged
 * columns with a VectorIndex whose `target` is a *scalar* object reference (an array of one
 * reference makes hdmf fail: specs/ecosystem.md §3). Node-only.
 */
import { randomUUID } from 'node:crypto';
import type { Dataset, Group } from 'h5wasm';

/** Namespaces of NWB core and hdmf-common types. */
export type NwbNamespace = 'core' | 'hdmf-common';

/** Marks a group or dataset as an NWB/hdmf typed object. */
export function typed(obj: Group | Dataset, namespace: NwbNamespace, type: string, attrs: Readonly<Record<string, string | number>> = {}): void {
  obj.create_attribute('namespace', namespace);
  obj.create_attribute('neurodata_type', type);
  obj.create_attribute('object_id', randomUUID());
  for (const [k, v] of Object.entries(attrs)) obj.create_attribute(k, v);
}

/** Writes a numeric dataset, gzip-chunked when large. */
export function numeric(g: Group, name: string, data: Float64Array | Int32Array | Uint32Array, shape: number[]): Dataset {
  const big = data.length > 4096;
  const chunks = big ? [Math.min(shape[0] as number, Math.max(1, Math.floor(16384 / Math.max(1, data.length / (shape[0] as number))))), ...shape.slice(1)] : undefined;
  return g.create_dataset({ name, data, shape, ...(big && chunks ? { chunks, compression: 'gzip', compression_opts: 4 } : {}) });
}

/** A column of a DynamicTable. */
export type Column =
  | { readonly name: string; readonly description: string; readonly kind: 'float'; readonly data: Float64Array; readonly shape?: number[] }
  | { readonly name: string; readonly description: string; readonly kind: 'int'; readonly data: Int32Array }
  | { readonly name: string; readonly description: string; readonly kind: 'text'; readonly data: readonly string[] }
  | { readonly name: string; readonly description: string; readonly kind: 'ragged-float'; readonly data: Float64Array; readonly index: Uint32Array; readonly shape?: number[] };

/** Writes a DynamicTable (or subtype) with `n` rows into `parent/name`. */
export function dynamicTable(parent: Group, name: string, namespace: NwbNamespace, type: string, description: string, n: number, columns: readonly Column[]): Group {
  const g = parent.create_group(name);
  typed(g, namespace, type, { description });
  g.create_attribute('colnames', columns.map((c) => c.name));
  const id = g.create_dataset({ name: 'id', data: Int32Array.from({ length: n }, (_, i) => i), shape: [n] });
  typed(id, 'hdmf-common', 'ElementIdentifiers');
  for (const c of columns) {
    let ds: Dataset;
    if (c.kind === 'text') ds = g.create_dataset({ name: c.name, data: c.data.length > 0 ? [...c.data] : [''], shape: [c.data.length] });
    else if (c.kind === 'int') ds = numeric(g, c.name, c.data, [c.data.length]);
    else ds = numeric(g, c.name, c.data, c.shape ?? [c.data.length]);
    typed(ds, 'hdmf-common', 'VectorData', { description: c.description });
    if (c.kind === 'ragged-float') {
      const idx = numeric(g, `${c.name}_index`, c.index, [c.index.length]);
      typed(idx, 'hdmf-common', 'VectorIndex', { description: `Index for VectorData '${c.name}'` });
      idx.create_attribute('target', ds.create_reference());
    }
  }
  return g;
}

/** Writes a TimeSeries (data [nT] or [nT, width], timestamps in seconds). */
export function timeSeries(
  parent: Group, name: string, type: string, data: Float64Array, width: number, timestampsS: Float64Array, unit: string, description: string, comments: string,
): Group {
  const g = parent.create_group(name);
  typed(g, 'core', type, { description, comments });
  const nT = timestampsS.length;
  const d = numeric(g, 'data', data, width === 1 ? [nT] : [nT, width]);
  d.create_attribute('unit', unit);
  d.create_attribute('conversion', 1.0);
  d.create_attribute('resolution', -1.0);
  d.create_attribute('offset', 0.0);
  const ts = numeric(g, 'timestamps', timestampsS, [nT]);
  ts.create_attribute('interval', 1);
  ts.create_attribute('unit', 'seconds');
  return g;
}
