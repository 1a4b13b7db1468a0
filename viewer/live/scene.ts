/**
 * Chooses what the page draws when the caller does not say: the first analog stream of shape
 * [n, 7] is taken as link poses (x, y, z, qx, qy, qz, qw), every spike stream is a population, and
 * up to four small analog streams are traced.
 */
import type { LinkDesc, SceneDesc, ViewerLayer, ViewerStream } from './protocol.js';
import { ValidationError } from '../../core/errors.js';

/** Caller's partial scene. */
export interface SceneOptions {
  readonly bodies?: { readonly key: string; readonly links?: readonly LinkDesc[] };
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
  const poseStream = opts.bodies !== undefined ? need('scene.bodies.key', opts.bodies.key, 'analog') : streams.find(isPoses);
  if (poseStream !== undefined) {
    const n = poseStream.shape?.length === 2 && poseStream.shape[1] === 7 ? (poseStream.shape[0] as number) : 0;
    if (n === 0) throw new ValidationError('scene.bodies.key', poseStream.key, 'an analog stream of shape [nLinks, 7]', 'expose link poses as (x, y, z, qx, qy, qz, qw) rows');
    const links = opts.bodies?.links ?? Array.from({ length: n }, (_, i): LinkDesc => ({ name: `link${i}`, shape: 'box', size: [0.1, 0.1, 0.1] }));
    if (links.length !== n) throw new ValidationError('scene.bodies.links', links.length, `${n} links (rows of ${poseStream.key})`, 'describe one link per pose row');
    bodies = { key: poseStream.key, links };
  }
  const populations = opts.populations ?? streams.filter((s) => s.kind === 'spikes').map((s) => ({ key: s.key, size: s.size ?? 1, label: s.key }));
  for (const [i, p] of populations.entries()) need(`scene.populations[${i}].key`, p.key, 'spikes');
  const traced = new Set(layers.filter((l) => l.kind === 'trace').map((l) => l.key));
  const traces = opts.traces ?? streams
    .filter((s) => s.kind === 'analog' && s.key !== bodies?.key && !traced.has(s.key) && (s.shape ?? [1]).reduce((a, b) => a * b, 1) <= 16)
    .slice(0, 4).map((s) => s.key);
  for (const [i, k] of traces.entries()) need(`scene.traces[${i}]`, k, 'analog');
  for (const [i, l] of layers.entries()) need(`layers[${i}].key`, l.key, l.kind === 'flash' ? 'events' : 'analog');
  return { ...(bodies ? { bodies } : {}), populations, traces, windowMs: opts.windowMs ?? 1000 };
}
