/**
 * Chooses what the page draws when the caller does not say: the first analog stream of shape
 * [n, 7] is taken as link poses (x, y, z, qx, qy, qz, qw; Y up); failing that, every `*.pose`
 * stream of shape [7] is one link (bodies/ pose sensors: x, y, z, qw, qx, qy, qz; Z up); every
 * spike stream is a population, and up to four small analog streams are traced.
 */
import type { LinkDesc, SceneDesc, ViewerLayer, ViewerStream } from './protocol.js';
import { ValidationError } from '../../core/errors.js';

/** Caller's partial scene. */
export interface SceneOptions {
  readonly bodies?: {
    /** One [nLinks, 7] stream; omit it to give each link its own `key` (bodies/ pose sensors). */
    readonly key?: string;
    readonly links?: readonly (LinkDesc & { readonly key?: string })[];
    readonly quatOrder?: 'xyzw' | 'wxyz';
    readonly zUp?: boolean;
  };
  readonly populations?: SceneDesc['populations'];
  readonly traces?: readonly string[];
  readonly windowMs?: number;
}

const isPoses = (s: ViewerStream): boolean => s.kind === 'analog' && s.shape?.length === 2 && s.shape[1] === 7;

/** Resolves the scene (see file comment); names the field if a key is unknown. */
export function resolveScene(streams: readonly ViewerStream[], opts: SceneOptions = {}, layers: readonly ViewerLayer[] = []): SceneDesc {
  const byKey = new Map(streams.map((s) => [s.key, s]));
  const need = (field: string, key: string, kind: ViewerStream['kind']): ViewerStream => {
    const s = byKey.get(key);
    if (s === undefined || s.kind !== kind) {
      throw new ValidationError(field, key, `an ${kind} stream (${streams.filter((x) => x.kind === kind).map((x) => x.key).join(', ') || 'none'})`, 'fix the engine.port key');
    }
    return s;
  };
  let bodies: SceneDesc['bodies'];
  const perLink = opts.bodies !== undefined && opts.bodies.key === undefined;
  const poseStream = opts.bodies?.key !== undefined ? need('scene.bodies.key', opts.bodies.key, 'analog') : opts.bodies === undefined ? streams.find(isPoses) : undefined;
  // bodies/ pose sensors: one [7] stream per link, (x, y, z, qw, qx, qy, qz) in a Z-up world.
  const sensorPoses = streams.filter((s) => s.kind === 'analog' && s.shape?.length === 1 && s.shape[0] === 7 && s.key.endsWith('.pose'));
  if (perLink) {
    const links = opts.bodies?.links ?? [];
    links.forEach((l, i) => {
      if (l.key === undefined) throw new ValidationError(`scene.bodies.links[${i}].key`, l.key, 'a pose stream (shape [7]) when scene.bodies.key is not given', 'give each link its pose stream');
      const s = need(`scene.bodies.links[${i}].key`, l.key, 'analog');
      if ((s.shape ?? []).reduce((a, b) => a * b, 1) !== 7) throw new ValidationError(`scene.bodies.links[${i}].key`, l.key, 'a stream of 7 values (x, y, z + quaternion)', 'point at a pose stream');
    });
    bodies = { links, quatOrder: opts.bodies?.quatOrder ?? 'wxyz', zUp: opts.bodies?.zUp ?? true };
  } else if (poseStream === undefined && sensorPoses.length > 0) {
    bodies = {
      links: sensorPoses.map((s): LinkDesc & { key: string } => ({ name: s.key, key: s.key, shape: 'box', size: [0.1, 0.1, 0.1] })),
      quatOrder: 'wxyz', zUp: true,
    };
  }
  if (poseStream !== undefined) {
    const n = poseStream.shape?.length === 2 && poseStream.shape[1] === 7 ? (poseStream.shape[0] as number) : 0;
    if (n === 0) throw new ValidationError('scene.bodies.key', poseStream.key, 'an analog stream of shape [nLinks, 7]', 'expose link poses as (x, y, z, qx, qy, qz, qw) rows');
    const links = opts.bodies?.links ?? Array.from({ length: n }, (_, i): LinkDesc => ({ name: `link${i}`, shape: 'box', size: [0.1, 0.1, 0.1] }));
    if (links.length !== n) throw new ValidationError('scene.bodies.links', links.length, `${n} links (rows of ${poseStream.key})`, 'describe one link per pose row');
    bodies = { key: poseStream.key, links, quatOrder: opts.bodies?.quatOrder ?? 'xyzw', zUp: opts.bodies?.zUp ?? false };
  }
  const populations = opts.populations ?? streams.filter((s) => s.kind === 'spikes').map((s) => ({ key: s.key, size: s.size ?? 1, label: s.key }));
  for (const [i, p] of populations.entries()) need(`scene.populations[${i}].key`, p.key, 'spikes');
  const traced = new Set(layers.filter((l) => l.kind === 'trace').map((l) => l.key));
  const bodyKeys = new Set([bodies?.key, ...(bodies?.links ?? []).map((l) => l.key)]);
  const traces = opts.traces ?? streams
    .filter((s) => s.kind === 'analog' && !bodyKeys.has(s.key) && !traced.has(s.key) && (s.shape ?? [1]).reduce((a, b) => a * b, 1) <= 16)
    .slice(0, 4).map((s) => s.key);
  for (const [i, k] of traces.entries()) need(`scene.traces[${i}]`, k, 'analog');
  for (const [i, l] of layers.entries()) need(`layers[${i}].key`, l.key, l.kind === 'flash' ? 'events' : 'analog');
  return { ...(bodies ? { bodies } : {}), populations, traces, windowMs: opts.windowMs ?? 1000 };
}
