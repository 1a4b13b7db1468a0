/**
 * A {@link LiveSession} backed by the toolchain and board stand-ins: `start()` writes the
 * database, runs the DATABASE/ACK exchange, starts the board's ticks and sends START_RESUME;
 * `stop()` stops the board and sends PAUSE_STOP. This is what lets the whole live loop run in
 * tests on loopback. Node-only.
 */
import type { LiveSession } from '../spinnaker/spinnaker-live-engine.js';
import type { BoardStandIn } from './board-stand-in.js';
import type { ToolchainStandIn } from './toolchain-stand-in.js';

/** Session over the stand-ins (see file comment). */
export class StandInSession implements LiveSession {
  constructor(
    private readonly toolchain: ToolchainStandIn,
    private readonly board: BoardStandIn,
  ) {}

  async start(): Promise<void> {
    this.board.reset();
    await this.toolchain.writeDatabase();
    await this.toolchain.notifyDatabase();
    this.board.start();
    await this.toolchain.startResume();
  }

  async stop(): Promise<void> {
    this.board.stop();
    await this.toolchain.pauseStop();
  }

  async dispose(): Promise<void> {
    await this.board.close();
    await this.toolchain.close();
  }
}
