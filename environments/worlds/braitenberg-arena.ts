/**
 * A walled 8 × 8 m arena for Braitenberg vehicles: ground, four 0.5 m walls, one obstacle block
 * and a 100 W light (the target) at `lightXyz`, optionally switched by input `lamp.trigger`.
 */
import type { WorldDescInput } from '../world-desc.js';

/** Options of the arena. */
export interface BraitenbergArenaOptions {
  readonly lightXyz?: [number, number, number];
  readonly lightPowerW?: number;
  readonly controlledLight?: boolean;
  readonly obstacle?: boolean;
}

/** WorldDesc of the arena. */
export function braitenbergArena(o: BraitenbergArenaOptions = {}): WorldDescInput {
  const h = 0.5, L = 8, t = 0.1;
  return {
    ground: { friction: 1, halfSizeM: 20 },
    walls: [
      { xyz: [L / 2 + t / 2, 0, h / 2], size: [t, L + 2 * t, h] },
      { xyz: [-L / 2 - t / 2, 0, h / 2], size: [t, L + 2 * t, h] },
      { xyz: [0, L / 2 + t / 2, h / 2], size: [L, t, h] },
      { xyz: [0, -L / 2 - t / 2, h / 2], size: [L, t, h] },
      ...(o.obstacle === false ? [] : [{ xyz: [1.5, -1.5, h / 2] as [number, number, number], size: [0.6, 0.6, h] as [number, number, number] }]),
    ],
    lights: [{ name: 'lamp', xyz: o.lightXyz ?? [3, 2, 0.4], powerW: o.lightPowerW ?? 100, controlled: o.controlledLight ?? false }],
  };
}
