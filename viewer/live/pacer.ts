/**
 * Drives a bus from the viewer's controls using only its public pause/resume: user pause and
 * resume, single steps of simulated time, and a realtime factor enforced from outside the bus
 * (when simulated time runs ahead of wall time × factor, the bus is paused until the wall clock
 * catches up). Works on an `afap` bus; on a bus that already paces itself the slower pace wins.
 */

/** The bus controls the pacer needs (core/bus.ts Bus satisfies it). */
export interface PausableBus {
  pause(): void;
  resume(): void;
  readonly now: number;
}

/** Viewer-side pacing state (see file comment). */
export class Pacer {
  private speed: number | null;
  private userPaused = false;
  private stepTargetNs: number | undefined;
  private wall0 = performance.now();
  private sim0: number;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly bus: PausableBus,
    speed: number | null,
    private readonly onChange: () => void,
    private readonly leadToleranceMs = 4,
  ) {
    this.speed = speed;
    this.sim0 = bus.now;
  }

  /** True while the user has paused (or a step finished). */
  get paused(): boolean {
    return this.userPaused;
  }
  /** Realtime factor (null = as fast as possible). */
  get factor(): number | null {
    return this.speed;
  }

  /** Called at every sync point with the simulated time. */
  onSync(tNs: number): void {
    if (this.stepTargetNs !== undefined) {
      if (tNs >= this.stepTargetNs) {
        this.stepTargetNs = undefined;
        this.userPaused = true;
        this.bus.pause();
        this.onChange();
      }
      return;
    }
    if (this.userPaused || this.speed === null || this.timer !== undefined) return;
    const target = this.wall0 + (tNs - this.sim0) / 1e6 / this.speed;
    const lead = target - performance.now();
    if (lead > this.leadToleranceMs) {
      this.bus.pause();
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.userPaused) this.bus.resume();
      }, lead);
    }
  }

  /** User pause: the bus stops at its next sync point. */
  pause(): void {
    this.userPaused = true;
    this.stepTargetNs = undefined;
    this.clearTimer();
    this.bus.pause();
    this.onChange();
  }

  /** User resume. */
  resume(): void {
    this.userPaused = false;
    this.stepTargetNs = undefined;
    this.anchor();
    this.clearTimer();
    this.bus.resume();
    this.onChange();
  }

  /** Runs `ms` of simulated time, then pauses. */
  step(ms: number): void {
    this.clearTimer();
    this.userPaused = true;
    this.stepTargetNs = this.bus.now + Math.max(1, Math.round(ms * 1e6));
    this.bus.resume();
    this.onChange();
  }

  /** Sets the realtime factor (null = as fast as possible). */
  setSpeed(factor: number | null): void {
    this.speed = factor;
    this.anchor();
    if (this.timer !== undefined) {
      this.clearTimer();
      if (!this.userPaused) this.bus.resume();
    }
    this.onChange();
  }

  /** Stops timers (the bus is left as it is). */
  dispose(): void {
    this.clearTimer();
  }

  private anchor(): void {
    this.wall0 = performance.now();
    this.sim0 = this.bus.now;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
