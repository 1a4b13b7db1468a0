/** Sensor factory: descriptor → runtime. */
import type { RobotLayout } from '../build-robot.js';
import type { Vec3 } from '../math3d.js';
import type { SensorDesc } from '../robot-desc.js';
import { ContactSensor, PressureSensor } from './contact-sensors.js';
import { LightSensor, SoundSensor } from './field-sensors.js';
import { ImuSensor } from './imu-sensor.js';
import { ClosureSensor, EncoderSensor } from './joint-sensors.js';
import { PoseSensor } from './pose-sensor.js';
import { DepthSensor, RaySensor } from './ray-sensors.js';
import type { SensorRuntime } from './sensor-runtime.js';

/** Builds the runtime for one sensor descriptor. */
export function makeSensor(desc: SensorDesc, layout: RobotLayout, gravity: Vec3): SensorRuntime {
  switch (desc.type) {
    case 'encoder': return new EncoderSensor(desc, layout);
    case 'closure': return new ClosureSensor(desc, layout);
    case 'imu': return new ImuSensor(desc, layout, gravity);
    case 'contact': return new ContactSensor(desc, layout);
    case 'pressure': return new PressureSensor(desc, layout);
    case 'ray': return new RaySensor(desc, layout);
    case 'depth': return new DepthSensor(desc, layout);
    case 'light': return new LightSensor(desc, layout);
    case 'sound': return new SoundSensor(desc, layout);
    case 'pose': return new PoseSensor(desc, layout);
  }
}
