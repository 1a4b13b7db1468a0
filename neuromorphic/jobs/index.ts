/** Public API of neuromorphic/jobs: EBRAINS NMPI and classic spalloc clients. */
export { NmpiClient, type NmpiClientOptions, type NmpiJob, type NmpiJobSubmission, type NmpiFile, type NmpiPlatform, type NmpiStatus, NMPI_BASE_URL } from './nmpi-client.js';
export { SpallocClient, SpallocJobState, SPALLOC_PORT, SPALLOC_MAX_LINE } from './spalloc-client.js';
