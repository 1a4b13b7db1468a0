/**
 * Wiring for the camera engine: the body's ground-truth `pose` sensors of every link, packed by a
 * transceiver into the camera's `poses` input ([links, 7], link order, x y z qw qx qy qz — the
 * pose sensor's own layout, so the transceiver only copies).
 */
import { ValidationError } from '../../core/errors.js';
import { defineTransceiver, type Transceiver } from '../../core/transceiver.js';
import type { BodyEngine } from '../body-engine.js';
import type { RobotDescInput } from '../robot-desc.js';
import type { CameraEngine } from './camera-engine.js';

/** Returns a copy of `robot` with a `pose` sensor named `pose_<link>` on every link that has none. */
export function withLinkPoseSensors(robot: RobotDescInput): RobotDescInput {
  const sensors = [...(robot.sensors ?? [])];
  const has = new Set(sensors.filter((s) => s.type === 'pose').map((s) => (s as { link: string }).link));
  for (const l of robot.links) if (!has.has(l.name)) sensors.push({ type: 'pose', name: `pose_${l.name}`, link: l.name });
  return { ...robot, sensors };
}

/** A transceiver `<camera>-poses` copying the body's link poses into `<camera>.poses`. */
export function cameraPoseFeed(body: BodyEngine, camera: CameraEngine): Transceiver<undefined> {
  const links = body.robot.links.map((l) => l.name);
  const reads = links.map((link) => {
    const s = body.robot.sensors.find((x) => x.type === 'pose' && x.link === link);
    if (s === undefined) {
      throw new ValidationError(`${body.name}.sensors`, `no pose sensor on link '${link}'`, 'a pose sensor on every link the camera draws',
        'build the body from withLinkPoseSensors(robot) or add {type: "pose", link} sensors');
    }
    return `${body.name}.${s.name}.pose`;
  });
  const key = `${camera.name}.poses`;
  const out = new Float64Array(7 * links.length);
  return defineTransceiver({
    name: `${camera.name}-poses`,
    reads,
    writes: [key],
    fn: (inputs) => {
      for (let i = 0; i < reads.length; i++) out.set(inputs[reads[i]!] as Float64Array, 7 * i);
      return { [key]: out };
    },
  });
}
