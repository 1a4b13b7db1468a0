/**
 * Typed seam to `roslib` (2.x, ESM). Its package.json `exports` has no `types` condition and its
 * d.ts re-exports an extensionless path, so under NodeNext TypeScript sees an empty module; we
 * declare the small part we use and cast once, here.
 */
import * as roslibUntyped from 'roslib';

/** roslib's Ros connection. */
export interface RoslibRos {
  on(event: 'connection' | 'close', cb: () => void): void;
  on(event: 'error', cb: (e: unknown) => void): void;
  close(): void;
}
/** roslib's Topic. */
export interface RoslibTopic<T> {
  subscribe(cb: (m: T) => void): void;
  unsubscribe(): void;
  advertise(): void;
  publish(m: T): void;
}
/** roslib's Service. */
export interface RoslibService<Req, Res> {
  callService(req: Req, cb: (res: Res) => void, failed?: (e: string) => void): void;
}
/** The parts of the roslib module used by neuroloop. */
export interface RoslibModule {
  Ros: new (o: { url: string }) => RoslibRos;
  Topic: new <T>(o: { ros: RoslibRos; name: string; messageType: string; throttle_rate?: number }) => RoslibTopic<T>;
  Service: new <Req, Res>(o: { ros: RoslibRos; name: string; serviceType: string }) => RoslibService<Req, Res>;
}

/** The roslib module, typed. */
export const roslib = roslibUntyped as unknown as RoslibModule;
