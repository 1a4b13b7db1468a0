/**
 * Minimal STL reader (binary and ASCII) returning vertex positions as a flat x,y,z list; used to
 * turn URDF collision meshes into convex hulls.
 */
import { ValidationError } from '../../core/errors.js';

/** Vertices of an STL file (duplicates kept; the convex hull does not mind). */
export function parseStl(bytes: Uint8Array, field: string): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength >= 84) {
    const n = dv.getUint32(80, true);
    if (84 + n * 50 === bytes.byteLength) {
      const pts: number[] = [];
      for (let i = 0; i < n; i++) {
        const o = 84 + i * 50 + 12;
        for (let v = 0; v < 3; v++) for (let k = 0; k < 3; k++) pts.push(dv.getFloat32(o + v * 12 + k * 4, true));
      }
      return pts;
    }
  }
  const text = new TextDecoder().decode(bytes);
  if (!/^\s*solid/.test(text)) throw new ValidationError(field, `${bytes.byteLength} bytes`, 'a binary or ASCII STL file', 'export the mesh as STL');
  const pts: number[] = [];
  const re = /vertex\s+(\S+)\s+(\S+)\s+(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) pts.push(Number(m[1]), Number(m[2]), Number(m[3]));
  if (pts.length === 0 || pts.some((x) => !Number.isFinite(x))) throw new ValidationError(field, 'ASCII STL', 'facets with numeric vertices', 'check the mesh file');
  return pts;
}
