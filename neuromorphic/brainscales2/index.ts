/** Public API of neuromorphic/brainscales2: batch runs via the job queue. */
export { runBrainScaleS2Batch, type Bss2BatchOptions, type Bss2BatchResult, BSS2_OUTPUT_FILE } from './bss2-batch.js';
