/** Public API of neuromorphic/stand-ins: protocol-faithful stand-ins for boards, toolchains and job servers (loopback). */
export { BoardStandIn, type BoardStandInOptions, type BoardModel, relayBoardModel } from './board-stand-in.js';
export { ToolchainStandIn, type ToolchainStandInOptions } from './toolchain-stand-in.js';
export { StandInSession } from './stand-in-session.js';
export { NmpiStandIn, type NmpiStandInOptions, type StandInJobResult } from './nmpi-stand-in.js';
export { SpallocStandIn } from './spalloc-stand-in.js';
export { emulatorBoardModel } from './emulator-board-model.js';
