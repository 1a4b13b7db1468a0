/**
 * BrainScaleS-2 batch runs through the EBRAINS job queue: lower the network to a
 * `pynn_brainscales.brainscales2` script (exportPyNN, CalibHXNeuron targets in hardware time,
 * integer weights, no delays), submit it to `BrainScaleS-2`, poll, fetch `spikes.json` and map the
 * spike times from hardware ms back to biological ms (× acceleration, 1000).
 */
import { ProtocolError } from '../../core/errors.js';
import type { NetworkDesc, NetworkDescInput } from '../../brains/network/index.js';
import type { NmpiClient, NmpiJob } from '../jobs/nmpi-client.js';
import { exportPyNN } from '../pynn-export/export-pynn.js';

/** Result of a batch run: spikes in biological ms per population and neuron. */
export interface Bss2BatchResult {
  readonly job: NmpiJob;
  readonly spikesBioMs: Readonly<Record<string, number[][]>>;
  readonly script: string;
}

/** Options of a batch run. */
export interface Bss2BatchOptions {
  readonly client: NmpiClient;
  readonly collab: string;
  /** Biological run time (ms). */
  readonly runMs: number;
  readonly seed?: number;
  readonly strict?: boolean;
  readonly timeoutMs?: number;
}

/** Name of the output file the exported script writes (argv[1]). */
export const BSS2_OUTPUT_FILE = 'spikes.json';

/** Runs `network` on BrainScaleS-2 via the job queue (see file comment). */
export async function runBrainScaleS2Batch(network: NetworkDescInput | NetworkDesc, o: Bss2BatchOptions): Promise<Bss2BatchResult> {
  const script = exportPyNN(network, { backend: 'brainscales2', runMs: o.runMs, seed: o.seed ?? 0, strict: o.strict ?? true });
  const submitted = await o.client.submitJob({ code: script, command: `run.py ${BSS2_OUTPUT_FILE}`, collab: o.collab, hardware_platform: 'BrainScaleS-2', tags: ['neuroloop'] });
  const job = await o.client.waitForJob(submitted.id, o.timeoutMs);
  if (job.status !== 'finished') throw new ProtocolError('bss2-job', `job ${job.id} ended '${job.status}': ${String(job.log ?? '').slice(0, 300)}`);
  const file = job.output_data?.files.find((f) => f.path === BSS2_OUTPUT_FILE || f.path.endsWith(`/${BSS2_OUTPUT_FILE}`));
  if (file === undefined) throw new ProtocolError('bss2-output', `job ${job.id} has no ${BSS2_OUTPUT_FILE}`);
  let parsed: { time_base?: unknown; acceleration?: unknown; spikes?: unknown };
  try {
    parsed = JSON.parse(new TextDecoder().decode(await o.client.download(file))) as typeof parsed;
  } catch {
    throw new ProtocolError('bss2-output', `${BSS2_OUTPUT_FILE} is not JSON`);
  }
  if (parsed.time_base !== 'hardware_ms' || typeof parsed.acceleration !== 'number' || typeof parsed.spikes !== 'object' || parsed.spikes === null) {
    throw new ProtocolError('bss2-output', `${BSS2_OUTPUT_FILE} must be {time_base: 'hardware_ms', acceleration, spikes}`);
  }
  const acc = parsed.acceleration;
  const spikesBioMs: Record<string, number[][]> = {};
  for (const [label, trains] of Object.entries(parsed.spikes as Record<string, unknown>)) {
    if (!Array.isArray(trains)) throw new ProtocolError('bss2-output', `spikes.${label} is not a list of trains`);
    spikesBioMs[label] = trains.map((t: unknown) => (Array.isArray(t) ? t.map((x) => Number(x) * acc) : []));
  }
  return { job, spikesBioMs, script };
}
