/**
 * WorldDesc: what surrounds a robot. Static geometry (ground, walls), free objects, light and tone
 * sources (optionally switched by an input port: the CS of a conditioning protocol), air-puff
 * nozzles (the US) and payloads fixed to a robot link that can be released through an input port.
 * SI units; positions in the world frame (Z up).
 */
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'a finite number');
const positive = finite.refine((x) => x > 0, 'a positive number');
const nonNegative = finite.refine((x) => x >= 0, 'a number ≥ 0');
const vec3 = z.tuple([finite, finite, finite]);
const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_\-]*$/, 'a name of letters, digits, _ and -');

/** A static box (wall, table, obstacle). */
export const WallSchema = z.object({
  xyz: vec3, size: z.tuple([positive, positive, positive]), rpy: vec3.optional(), friction: nonNegative.optional(),
}).strict();

/** A free rigid object. */
export const ObjectSchema = z.object({
  name, shape: z.enum(['box', 'sphere']), size: z.tuple([positive, positive, positive]).optional(), radius: positive.optional(),
  massKg: positive, xyz: vec3, friction: nonNegative.optional(),
}).strict();

/** Isotropic point light: irradiance E = P/(4πr²)·cos(incidence), occluded by world geometry. */
export const LightSchema = z.object({
  name, xyz: vec3, powerW: positive,
  /** If true, input `<name>.trigger` ∈ [0, 1] scales the power (0 off, 1 on); otherwise always on. */
  controlled: z.boolean().default(false),
}).strict();

/** Point sound source: RMS pressure p(r) = pressureAt1mPa / r (spherical spreading, r ≥ 1 cm). */
export const ToneSchema = z.object({
  name, xyz: vec3, pressureAt1mPa: positive, frequencyHz: positive.default(9500),
  controlled: z.boolean().default(true),
}).strict();

/**
 * Air-puff nozzle. While input `<name>.trigger` ∈ [0, 1] is > 0 the valve is open (fraction). The
 * jet is `rays` streamlines spread over a cone of `coneHalfAngleDeg` towards `target`; each carries
 * 1/rays of the momentum flux F = ρ·v²·A of the exit (ρ = 1.2 kg/m³). A streamline acts on the
 * first surface it hits, `distance / frontSpeedMps` after leaving the nozzle, pushing that body
 * and loading pressure sensors on it; anything in between (an eyelid) blocks it.
 */
export const NozzleSchema = z.object({
  name, xyz: vec3, target: vec3,
  exitDiameterM: positive.default(0.001),
  exitSpeedMps: positive.default(100),
  frontSpeedMps: positive.default(10),
  coneHalfAngleDeg: positive.default(8),
  rays: z.number().int().positive().default(64),
  maxRangeM: positive.default(0.5),
}).strict();

/** A load fixed to a robot link; input `<name>.attached` (1 attached, 0 released) drops it. */
export const PayloadSchema = z.object({
  name, link: name, xyz: vec3, massKg: positive, size: z.tuple([positive, positive, positive]),
}).strict();

/** A world. */
export const WorldSchema = z.object({
  ground: z.object({ friction: nonNegative.default(1), halfSizeM: positive.default(50) }).strict().optional(),
  walls: z.array(WallSchema).default([]),
  objects: z.array(ObjectSchema).default([]),
  lights: z.array(LightSchema).default([]),
  tones: z.array(ToneSchema).default([]),
  nozzles: z.array(NozzleSchema).default([]),
  payloads: z.array(PayloadSchema).default([]),
}).strict();

/** Validated world descriptor. */
export type WorldDesc = z.output<typeof WorldSchema>;
/** What users write. */
export type WorldDescInput = z.input<typeof WorldSchema>;
