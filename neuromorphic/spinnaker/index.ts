/** Public API of neuromorphic/spinnaker: EIEIO/SDP/SCP codecs, the live database, live I/O and the live engine. */
export {
  EieioType, EIEIO_TYPE_NAMES, EieioCommand, UDP_MESSAGE_MAX_SIZE, MAX_DATABASE_PATH_LENGTH, type EieioDataPacket, type EieioCommandPacket,
  type EieioPacket, type EieioElement, type EieioDataOptions, keyBytes, hasPayloads, eieioData, eieioDataSize, encodeEieioData,
  encodeEieioCommand, encodeDatabaseLocation, isEieioCommand, decodeEieio, decodeDatabasePath, eieioElements, injectorKey,
} from './eieio.js';
export {
  SCP_SCAMP_PORT, NOTIFY_PORT, SDP_REPLY_EXPECTED, SDP_REPLY_NOT_EXPECTED, SCP_CMD_IPTAG, SCP_RC_OK, type SdpHeader, type SdpDatagram,
  type ScpRequest, type IptagSet, injectionHeader, encodeSdp, decodeSdp, encodeIptagSetUseSender, encodeScp, decodeScpRequest,
  decodeIptagSet, encodeScpOk, isScpOk,
} from './sdp.js';
export {
  LIVE_DB_SCHEMA, LPG_LABEL, type LivePopulationDesc, type LiveDatabaseDesc, type CoreSlice, type LiveOutputDetails, loadSqlJs,
  placePopulations, writeLiveDatabase, LiveDatabaseReader,
} from './live-database.js';
export {
  LiveEventConnection, type LiveEventConnectionOptions, type ReceiveCallback, MAX_16BIT_KEYS_PER_PACKET, MAX_32BIT_KEYS_PER_PACKET,
  MAX_RATES_PER_PACKET, TAG_REFRESH_MS,
} from './live-event-connection.js';
export { SpinnakerLiveEngine, type SpinnakerLiveEngineOptions, type LiveSession } from './spinnaker-live-engine.js';
