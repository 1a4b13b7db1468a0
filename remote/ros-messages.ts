/**
 * Builders of ROS 2 messages (JSON as rosbridge sends them) from neuroloop port values, with ROS
 * type names. Times are integer ns split into builtin_interfaces/Time {sec, nanosec}.
 */
import type { SpikeBatch } from '../core/ports.js';
import type { TimeNs } from '../core/time.js';

/** ROS type names used by the bridges. */
export const ROS_TYPES = {
  jointState: 'sensor_msgs/msg/JointState',
  float64Array: 'std_msgs/msg/Float64MultiArray',
  trigger: 'std_srvs/srv/Trigger',
  /** No standard ROS type exists for spike trains; this one is ours (ids + times, like PyNN/Neo). */
  spikes: 'neuroloop_msgs/msg/SpikeBatch',
} as const;

/** builtin_interfaces/Time from integer ns. */
export function rosTime(tNs: TimeNs): { sec: number; nanosec: number } {
  const sec = Math.floor(tNs / 1e9);
  return { sec, nanosec: tNs - sec * 1e9 };
}

/** sensor_msgs/msg/JointState. */
export function jointStateMsg(tNs: TimeNs, names: readonly string[], position: ArrayLike<number>, velocity?: ArrayLike<number>, effort?: ArrayLike<number>) {
  return {
    header: { stamp: rosTime(tNs), frame_id: '' },
    name: [...names],
    position: Array.from(position),
    velocity: velocity ? Array.from(velocity) : [],
    effort: effort ? Array.from(effort) : [],
  };
}

/** neuroloop_msgs/msg/SpikeBatch: the spikes of one sync interval. */
export function spikeBatchMsg(tNs: TimeNs, population: string, s: SpikeBatch) {
  return { header: { stamp: rosTime(tNs), frame_id: population }, ids: Array.from(s.ids.subarray(0, s.count)), times_ns: Array.from(s.timesNs.subarray(0, s.count)) };
}

/** Reads the `data` of a std_msgs/msg/Float64MultiArray into a Float64Array of `size`, or undefined if malformed. */
export function float64ArrayData(msg: Readonly<Record<string, unknown>> | undefined, size: number): Float64Array | undefined {
  const d = msg?.data;
  if (!Array.isArray(d) || d.length !== size || !d.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
  return Float64Array.from(d as number[]);
}
