/** Parses a WorldDesc; schema errors become a ValidationError naming the field. */
import { ValidationError } from '../core/errors.js';
import { type WorldDesc, WorldSchema } from './world-desc.js';

/** Validates `input` and returns the defaults-filled world. */
export function validateWorld(input: unknown): WorldDesc {
  const r = WorldSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    let path = 'world';
    let value: unknown = input;
    for (const p of issue?.path ?? []) {
      path += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
      value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[p] : undefined;
    }
    throw new ValidationError(path, value, issue?.message ?? 'a valid WorldDesc', 'see environments/world-desc.ts for the schema');
  }
  const w = r.data;
  const names = new Set<string>();
  const all = [...w.objects, ...w.lights, ...w.tones, ...w.nozzles, ...w.payloads];
  for (const d of all) {
    if (names.has(d.name)) throw new ValidationError(`world.${d.name}`, d.name, 'a unique device/object name', 'rename one of them');
    names.add(d.name);
  }
  w.objects.forEach((o, i) => {
    if (o.shape === 'box' && o.size === undefined) throw new ValidationError(`world.objects[${i}].size`, undefined, 'a size for a box', 'give size: [x, y, z]');
    if (o.shape === 'sphere' && o.radius === undefined) throw new ValidationError(`world.objects[${i}].radius`, undefined, 'a radius for a sphere', 'give radius');
  });
  w.nozzles.forEach((n, i) => {
    if (Math.hypot(n.target[0] - n.xyz[0], n.target[1] - n.xyz[1], n.target[2] - n.xyz[2]) < 1e-9) {
      throw new ValidationError(`world.nozzles[${i}].target`, n.target, 'a point away from the nozzle', 'aim the nozzle at the target surface');
    }
    if (!(n.coneHalfAngleDeg < 90)) throw new ValidationError(`world.nozzles[${i}].coneHalfAngleDeg`, n.coneHalfAngleDeg, 'an angle below 90°', 'free jets spread by about 10°');
  });
  return w;
}
