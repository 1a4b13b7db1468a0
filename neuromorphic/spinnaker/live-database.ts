/**
 * The toolchain's input/output database (sqlite) as the live I/O path uses it, through sql.js
 * (SQLite compiled to WASM; no native sqlite). The schema is the subset of FEC's `db.sql` that
 * live I/O reads (spec §1.4): configuration_parameters, Machine_chip, Application_vertices,
 * Machine_vertices, graph_mapper_vertex, Placements, IP_tags, event_to_atom_mapping and the
 * views label_event_atom_view, app_output_tag_view, application_vertex_placements, chip_eth_info.
 * The writer fills event_to_atom_mapping per machine vertex (one base key per core slice), so a
 * population split over several cores has several base keys, as PACMAN allocates them.
 */
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic } from 'sql.js';
import { ProtocolError, ValidationError } from '../../core/errors.js';

let sqlPromise: Promise<SqlJsStatic> | undefined;
/** Loads sql.js once per process. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlPromise ??= initSqlJs();
  return sqlPromise;
}

/** Schema subset of FEC `db.sql` used by live I/O (column names as in FEC). */
export const LIVE_DB_SCHEMA = `
CREATE TABLE configuration_parameters(parameter_id TEXT PRIMARY KEY, value REAL);
CREATE TABLE Machine_chip(no_processors INTEGER, chip_x INTEGER, chip_y INTEGER, nearest_ethernet_x INTEGER,
  nearest_ethernet_y INTEGER, ip_address TEXT, PRIMARY KEY (chip_x, chip_y));
CREATE TABLE Application_vertices(vertex_id INTEGER PRIMARY KEY AUTOINCREMENT, vertex_label TEXT UNIQUE);
CREATE TABLE Machine_vertices(vertex_id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT);
CREATE TABLE graph_mapper_vertex(application_vertex_id INTEGER REFERENCES Application_vertices(vertex_id),
  machine_vertex_id INTEGER REFERENCES Machine_vertices(vertex_id), lo_atom INTEGER, hi_atom INTEGER);
CREATE TABLE Placements(vertex_id INTEGER PRIMARY KEY REFERENCES Machine_vertices(vertex_id), chip_x INTEGER,
  chip_y INTEGER, chip_p INTEGER);
CREATE TABLE IP_tags(vertex_id INTEGER REFERENCES Machine_vertices(vertex_id), tag INTEGER, board_address TEXT,
  ip_address TEXT, port INTEGER, strip_sdp BOOLEAN);
CREATE TABLE event_to_atom_mapping(vertex_id INTEGER REFERENCES Machine_vertices(vertex_id), atom_id INTEGER,
  event_id INTEGER PRIMARY KEY);
CREATE TABLE m_vertex_to_lpg_vertex(pre_vertex_id INTEGER, partition_id TEXT, post_vertex_id INTEGER);
CREATE VIEW label_event_atom_view AS
  SELECT e.atom_id AS atom, e.event_id AS event, a.vertex_label AS label
  FROM event_to_atom_mapping e
  JOIN graph_mapper_vertex g ON e.vertex_id = g.machine_vertex_id
  JOIN Application_vertices a ON g.application_vertex_id = a.vertex_id;
CREATE VIEW application_vertex_placements AS
  SELECT p.chip_x AS x, p.chip_y AS y, p.chip_p AS p, a.vertex_label AS vertex_label
  FROM Placements p
  JOIN graph_mapper_vertex g ON p.vertex_id = g.machine_vertex_id
  JOIN Application_vertices a ON g.application_vertex_id = a.vertex_id;
CREATE VIEW app_output_tag_view AS
  SELECT DISTINCT pre_a.vertex_label AS pre_vertex_label, post_a.vertex_label AS post_vertex_label,
    t.ip_address, t.port, t.strip_sdp, t.board_address, t.tag, pl.chip_x, pl.chip_y
  FROM m_vertex_to_lpg_vertex l
  JOIN graph_mapper_vertex pre_g ON l.pre_vertex_id = pre_g.machine_vertex_id
  JOIN Application_vertices pre_a ON pre_g.application_vertex_id = pre_a.vertex_id
  JOIN graph_mapper_vertex post_g ON l.post_vertex_id = post_g.machine_vertex_id
  JOIN Application_vertices post_a ON post_g.application_vertex_id = post_a.vertex_id
  JOIN IP_tags t ON t.vertex_id = l.post_vertex_id
  JOIN Placements pl ON pl.vertex_id = l.post_vertex_id;
CREATE VIEW chip_eth_info AS
  SELECT c.chip_x AS x, c.chip_y AS y, e.ip_address AS eth_ip
  FROM Machine_chip c JOIN Machine_chip e ON c.nearest_ethernet_x = e.chip_x AND c.nearest_ethernet_y = e.chip_y;
`;

/** One population (application vertex) as the toolchain stand-in places it. */
export interface LivePopulationDesc {
  /** PyNN population label. */
  readonly label: string;
  readonly nAtoms: number;
  /** Atoms per core (machine vertex); 256 for neuron models by default. */
  readonly atomsPerCore?: number;
  /** Whether live output is activated for it (an LPG edge to "LiveSpikeReceiver"). */
  readonly liveOutput?: boolean;
}

/** What the toolchain stand-in writes. */
export interface LiveDatabaseDesc {
  readonly machineTimeStepUs: number;
  /** -1 for run_forever. */
  readonly runtimeMs: number;
  readonly populations: readonly LivePopulationDesc[];
  /** Board IP (chip 0,0 Ethernet). */
  readonly boardAddress: string;
  /** LPG IP tag number and the host/port it initially points at. */
  readonly lpgTag?: number;
  readonly liveSpikeHost?: string;
  readonly liveSpikePort?: number;
}

/** A machine vertex (core) of a population with its slice, placement and base key. */
export interface CoreSlice {
  readonly label: string;
  readonly loAtom: number;
  readonly hiAtom: number;
  readonly x: number;
  readonly y: number;
  readonly p: number;
  readonly baseKey: number;
}

/** Label of the live packet gatherer (sPyNNaker default). */
export const LPG_LABEL = 'LiveSpikeReceiver';

/**
 * Places populations on cores (chip (0,0) cores 1.., then (0,1) ...), one base key per core:
 * key = (coreIndex + 1) << 11 | (atom - loAtom), 11 bits leaving room for 256 atoms with spare.
 */
export function placePopulations(pops: readonly LivePopulationDesc[]): CoreSlice[] {
  const out: CoreSlice[] = [];
  let core = 0;
  for (const pop of pops) {
    const per = pop.atomsPerCore ?? 256;
    if (!Number.isInteger(pop.nAtoms) || pop.nAtoms < 1) throw new ValidationError(`populations.${pop.label}.nAtoms`, pop.nAtoms, 'a positive integer', 'give the population size');
    if (!Number.isInteger(per) || per < 1 || per > 2048) throw new ValidationError(`populations.${pop.label}.atomsPerCore`, per, 'an integer in [1, 2048]', 'use ≤ 256 for neuron models');
    for (let lo = 0; lo < pop.nAtoms; lo += per) {
      const p = 1 + (core % 16);
      const chip = Math.floor(core / 16);
      out.push({ label: pop.label, loAtom: lo, hiAtom: Math.min(pop.nAtoms, lo + per) - 1, x: chip % 8, y: Math.floor(chip / 8), p, baseKey: ((core + 1) << 11) >>> 0 });
      core++;
    }
  }
  return out;
}

/** Writes the database; returns its bytes (to be written to a file by the caller). */
export async function writeLiveDatabase(desc: LiveDatabaseDesc): Promise<{ bytes: Uint8Array; slices: CoreSlice[] }> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    db.run(LIVE_DB_SCHEMA);
    db.run('INSERT INTO configuration_parameters VALUES (?, ?), (?, ?)', ['machine_time_step', desc.machineTimeStepUs, 'runtime', desc.runtimeMs]);
    const slices = placePopulations(desc.populations);
    const chips = new Set(slices.map((s) => `${s.x},${s.y}`));
    chips.add('0,0');
    for (const c of chips) {
      const [x, y] = c.split(',').map(Number) as [number, number];
      db.run('INSERT INTO Machine_chip VALUES (18, ?, ?, 0, 0, ?)', [x, y, x === 0 && y === 0 ? desc.boardAddress : null]);
    }
    const appId = new Map<string, number>();
    for (const pop of [...desc.populations.map((p) => p.label), LPG_LABEL]) {
      db.run('INSERT INTO Application_vertices(vertex_label) VALUES (?)', [pop]);
      appId.set(pop, scalar(db, 'SELECT last_insert_rowid()') as number);
    }
    const mIds = new Map<string, number[]>();
    for (const s of slices) {
      db.run('INSERT INTO Machine_vertices(label) VALUES (?)', [`${s.label}:${s.loAtom}:${s.hiAtom}`]);
      const mid = scalar(db, 'SELECT last_insert_rowid()') as number;
      (mIds.get(s.label) ?? mIds.set(s.label, []).get(s.label)!).push(mid);
      db.run('INSERT INTO graph_mapper_vertex VALUES (?, ?, ?, ?)', [appId.get(s.label)!, mid, s.loAtom, s.hiAtom]);
      db.run('INSERT INTO Placements VALUES (?, ?, ?, ?)', [mid, s.x, s.y, s.p]);
      const stmt = db.prepare('INSERT INTO event_to_atom_mapping VALUES (?, ?, ?)');
      for (let a = s.loAtom; a <= s.hiAtom; a++) stmt.run([mid, a, (s.baseKey | (a - s.loAtom)) >>> 0]);
      stmt.free();
    }
    // The LPG: one machine vertex on chip (0,0) core 17, with the IP tag.
    db.run('INSERT INTO Machine_vertices(label) VALUES (?)', [LPG_LABEL]);
    const lpg = scalar(db, 'SELECT last_insert_rowid()') as number;
    db.run('INSERT INTO graph_mapper_vertex VALUES (?, ?, 0, 0)', [appId.get(LPG_LABEL)!, lpg]);
    db.run('INSERT INTO Placements VALUES (?, 0, 0, 17)', [lpg]);
    db.run('INSERT INTO IP_tags VALUES (?, ?, ?, ?, ?, 1)', [lpg, desc.lpgTag ?? 1, desc.boardAddress, desc.liveSpikeHost ?? '0.0.0.0', desc.liveSpikePort ?? 17895]);
    for (const pop of desc.populations) {
      if (pop.liveOutput !== true) continue;
      for (const mid of mIds.get(pop.label) ?? []) db.run('INSERT INTO m_vertex_to_lpg_vertex VALUES (?, ?, ?)', [mid, 'SPIKE', lpg]);
    }
    return { bytes: db.export(), slices };
  } finally {
    db.close();
  }
}

/** Live output details of a population (`get_live_output_details`). */
export interface LiveOutputDetails {
  readonly host: string;
  readonly port: number;
  readonly stripSdp: boolean;
  readonly boardAddress: string;
  readonly tag: number;
  readonly chipX: number;
  readonly chipY: number;
}

/** Reads what LiveEventConnection needs from the database (`DatabaseReader`). */
export class LiveDatabaseReader {
  private constructor(private readonly db: Database) {}

  /** Opens a database from its bytes; not an sqlite file → ProtocolError. */
  static async open(bytes: Uint8Array): Promise<LiveDatabaseReader> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(bytes);
    try {
      db.exec('SELECT count(*) FROM label_event_atom_view');
    } catch (e) {
      db.close();
      throw new ProtocolError('database', `not a toolchain database with label_event_atom_view: ${(e as Error).message}`);
    }
    return new LiveDatabaseReader(db);
  }

  /** `configuration_parameters` value or undefined. */
  configuration(name: string): number | undefined {
    const v = this.query('SELECT value FROM configuration_parameters WHERE parameter_id = ?', [name])[0]?.[0];
    return typeof v === 'number' ? v : undefined;
  }

  /** atom → key for a label (`get_atom_id_to_key_mapping`). */
  atomToKey(label: string): Map<number, number> {
    const m = new Map<number, number>();
    for (const [atom, event] of this.query('SELECT atom, event FROM label_event_atom_view WHERE label = ?', [label])) m.set(atom as number, event as number);
    return m;
  }

  /** key → atom for a label (`get_key_to_atom_id_mapping`). */
  keyToAtom(label: string): Map<number, number> {
    const m = new Map<number, number>();
    for (const [k, a] of this.atomToKey(label)) m.set(a, k);
    return m;
  }

  /** Number of atoms of a label. */
  nAtoms(label: string): number {
    return this.atomToKey(label).size;
  }

  /** Placements of a label, by lo atom. */
  placements(label: string): { x: number; y: number; p: number }[] {
    return this.query('SELECT x, y, p FROM application_vertex_placements WHERE vertex_label = ? ORDER BY p', [label]).map(([x, y, p]) => ({ x: x as number, y: y as number, p: p as number }));
  }

  /** Ethernet IP of chip (x, y), with FEC's `OR x=0 AND y=0` quirk (spec §1.4). */
  ipAddress(x: number, y: number): string | undefined {
    const r = this.query('SELECT eth_ip FROM chip_eth_info WHERE x = ? AND y = ? OR x = 0 AND y = 0 LIMIT 1', [x, y])[0];
    return r === undefined ? undefined : (r[0] as string);
  }

  /** `get_live_output_details(label, lpgLabel)`. */
  liveOutputDetails(label: string, lpgLabel = LPG_LABEL): LiveOutputDetails | undefined {
    const r = this.query(
      'SELECT ip_address, port, strip_sdp, board_address, tag, chip_x, chip_y FROM app_output_tag_view WHERE pre_vertex_label = ? AND post_vertex_label = ? LIMIT 1',
      [label, lpgLabel],
    )[0];
    if (r === undefined) return undefined;
    return { host: r[0] as string, port: r[1] as number, stripSdp: r[2] === 1, boardAddress: r[3] as string, tag: r[4] as number, chipX: r[5] as number, chipY: r[6] as number };
  }

  /** Closes the database. Idempotent. */
  close(): void {
    this.db.close();
  }

  private query(sql: string, params: (string | number)[]): unknown[][] {
    const stmt = this.db.prepare(sql);
    try {
      stmt.bind(params);
      const rows: unknown[][] = [];
      while (stmt.step()) rows.push(stmt.get());
      return rows;
    } finally {
      stmt.free();
    }
  }
}

function scalar(db: Database, sql: string): unknown {
  return db.exec(sql)[0]?.values[0]?.[0];
}
