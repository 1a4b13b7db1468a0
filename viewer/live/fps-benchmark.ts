/**
 * Viewer frame-rate benchmark: the live viewer of the stand-in eye-blink head plus 1,000 neurons
 * (bus at realtime factor 1) in headless Debian Chromium (WebGL2 via SwiftShader, CPU only).
 * Measures, per run, the page's rendered frames per second over a window, the main-thread cost of
 * a render (neuron colour update + scene.render) and of handling the incoming frames, and the same
 * page with the bus paused and rendering every animation frame (the renderer's own ceiling on
 * this machine in the same run). The page renders only when something changed (new simulated
 * time, camera motion), so live fps is bounded by the frames received per second. Target:
 * ≥ 30 fps. Reports medians of `--runs` runs (default 3).
 *
 *   npx tsx viewer/live/fps-benchmark.ts [--runs 3] [--seconds 5] [--neurons 1000] [--scale auto|N] [--source live|replay] [--json]
 * (--scale 2 renders the 3D view at half resolution; default auto: the page lowers its resolution
 * while it draws < 30 fps.)
 *
 * Its default export has the bench/ runner's signature, so bench/viewer.bench.ts can re-export it.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Recorder, type RecordingSink, type StreamInfo } from '../../core/recorder.js';
import { serveReplay } from './serve-replay.js';
import type { ViewerHandle } from './server.js';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { Bus } from '../../core/bus.js';
import { startViewer } from './start-viewer.js';
import { EYEBLINK_LAYERS, HEAD_LINKS, StandInBrainEngine, StandInHeadEngine, standInTransceivers } from './testing/eyeblink-standins.js';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface Sample { scale: number; renders: number; ticks: number; frames: number; frameMsSum: number; spikes: number; lastTNs: number; renderMsAvg: number; now: number }
/** CPU time (ms, user + system) of every descendant process of this one (the browser's processes). */
function childCpuMs(): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      cpu.set(Number(d), ((Number(f[11]) + Number(f[12])) * 1000) / 100); // utime + stime in ticks of 10 ms
    } catch {
      // the process ended while we looked
    }
  }
  let sum = 0;
  for (const [pid, ms] of cpu) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        sum += ms;
        break;
      }
    }
  }
  return sum;
}

interface Result { ticksPerS: number; scale: number; cpuMsPerFrame: number; idleCpuMsPerFrame: number; fps: number; renderMs: number; frameMsPerS: number; framesPerS: number; spikesPerS: number; simPerWall: number; idleFps: number }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Records the stand-in loop (afap) into a minimal run folder for the replay mode. */
async function recordStandIn(neurons: number, simS: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'nl-fps-'));
  mkdirSync(join(dir, 'recording'), { recursive: true });
  const index: (StreamInfo & { file: string })[] = [];
  const sink: RecordingSink = {
    open: (s) => {
      index.push({ ...s, file: `${s.key}.ndjson` });
      writeFileSync(join(dir, 'recording', `${s.key}.ndjson`), '');
    },
    append: (key, line) => appendFileSync(join(dir, 'recording', `${key}.ndjson`), `${line}\n`),
  };
  const bus = new Bus({ engines: [new StandInHeadEngine(), new StandInBrainEngine(neurons)], transceivers: standInTransceivers(), seed: 1 });
  const rec = new Recorder(bus, [{ port: 'head.poses' }, { port: 'head.eyelid' }, { port: 'head.stimuli' }, { port: 'brain.spikes' }, { port: 'brain.rate', everyNs: 1_000_000 }], sink);
  await bus.init();
  await bus.runUntil(simS * 1e9);
  rec.close();
  await bus.dispose();
  writeFileSync(join(dir, 'recording', 'index.json'), JSON.stringify({ streams: index }));
  writeFileSync(join(dir, 'status.json'), JSON.stringify({ state: 'completed', simTimeNs: simS * 1e9, wallMs: 0 }));
  writeFileSync(join(dir, 'experiment.json'), JSON.stringify({ name: 'stand-in eye-blink', seed: 1 }));
  return dir;
}

async function once(seconds: number, neurons: number, scale: string, warmupS: number, replayDir: string | undefined): Promise<Result> {
  let bus: Bus | undefined;
  let v: ViewerHandle;
  let run: Promise<unknown> | undefined;
  const scene = { bodies: { key: 'head.poses', links: HEAD_LINKS } };
  if (replayDir !== undefined) {
    v = await serveReplay(replayDir, { layers: EYEBLINK_LAYERS, scene, speed: 1 });
  } else {
    bus = new Bus({ engines: [new StandInHeadEngine(), new StandInBrainEngine(neurons)], transceivers: standInTransceivers(), seed: 1 });
    v = await startViewer({ bus, layers: EYEBLINK_LAYERS, scene, speed: 1 });
    await bus.init();
    run = bus.runUntil(3600e9);
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 640 } });
    await page.goto(`${v.url}?scale=${scale}`);
    await page.waitForFunction(() => (window as unknown as { __viewer?: { stats: { ready: boolean; frames: number } } }).__viewer?.stats.ready === true, undefined, { timeout: 60_000 });
    const sample = (): Promise<Sample> => page.evaluate(() => ({ ...(window as unknown as { __viewer: { stats: Sample } }).__viewer.stats, now: performance.now() }));
    await page.waitForTimeout(warmupS * 1000); // warm-up (auto resolution settles)
    const a = await sample();
    const cpu0 = childCpuMs();
    await page.waitForTimeout(seconds * 1000);
    const b = await sample();
    const cpu1 = childCpuMs();
    const dt = (b.now - a.now) / 1000;
    // Same page with the bus paused: the renderer's ceiling under the current machine load. A
    // paused page renders nothing (nothing changes), so it is told to render every animation frame.
    await page.click('#pause');
    await page.evaluate(() => ((window as unknown as { __viewer: { alwaysRender: boolean } }).__viewer.alwaysRender = true));
    await page.waitForTimeout(1000);
    const c = await sample();
    const cpu2 = childCpuMs();
    await page.waitForTimeout(Math.max(2, seconds / 2) * 1000);
    const d = await sample();
    const cpu3 = childCpuMs();
    return {
      scale: b.scale,
      ticksPerS: (b.ticks - a.ticks) / dt,
      cpuMsPerFrame: (cpu1 - cpu0) / Math.max(1, b.renders - a.renders),
      idleCpuMsPerFrame: (cpu3 - cpu2) / Math.max(1, d.renders - c.renders),
      fps: (b.renders - a.renders) / dt,
      renderMs: b.renderMsAvg,
      frameMsPerS: (b.frameMsSum - a.frameMsSum) / dt,
      framesPerS: (b.frames - a.frames) / dt,
      spikesPerS: (b.spikes - a.spikes) / dt,
      simPerWall: (b.lastTNs - a.lastTNs) / 1e9 / dt,
      idleFps: (d.renders - c.renders) / ((d.now - c.now) / 1000),
    };
  } finally {
    await browser.close();
    bus?.stop();
    await run?.catch(() => undefined);
    await v.close();
    await bus?.dispose();
  }
}

/** Runs the benchmark (bench/ runner signature). */
export default async function fpsBenchmark(args: string[]): Promise<void> {
  const opt = (name: string, def: number): number => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : def;
  };
  const runs = opt('--runs', 3);
  const seconds = opt('--seconds', 5);
  const neurons = opt('--neurons', 1000);
  const scaleI = args.indexOf('--scale');
  const scale = scaleI >= 0 ? String(args[scaleI + 1]) : 'auto';
  // --source replay: the page is fed from a recording of the same loop, so the simulation does not
  // compete with the browser for the cores and the figure is the viewer's own.
  const replay = args.includes('--source') && args[args.indexOf('--source') + 1] === 'replay';
  const warmup = scale === 'auto' ? 6 : 1;
  const replayDir = replay ? await recordStandIn(neurons, warmup + seconds + Math.max(2, seconds / 2) + 6) : undefined;
  const results: Result[] = [];
  for (let r = 0; r < runs; r++) results.push(await once(seconds, neurons, scale, warmup, replayDir));
  const med = (k: keyof Result): number => median(results.map((x) => x[k]));
  const out = {
    benchmark: 'viewer-fps',
    scene: `stand-in eye-blink head (3 links) + ${neurons} neurons, ${replay ? 'replayed from a recording' : 'live bus'} at realtime factor 1, 1280x640 viewport`,
    runs,
    resolutionScale: { requested: scale, reached: results.map((x) => x.scale) },
    fps: { ours: med('fps'), target: 30, ratio: med('fps') / 30, unit: 'frames/s', all: results.map((x) => x.fps) },
    animationFramesPerS: { value: med('ticksPerS'), unit: 'requestAnimationFrame callbacks per second (renders happen on those with new data or camera motion)' },
    idleFps: { value: med('idleFps'), unit: 'frames/s (same page, bus paused: renderer ceiling under current load)' },
    liveOverIdle: med('fps') / med('idleFps'),
    browserCpuMsPerFrame: { value: med('cpuMsPerFrame'), unit: 'CPU ms of all Chromium processes per rendered frame (load-independent cost)' },
    idleBrowserCpuMsPerFrame: med('idleCpuMsPerFrame'),
    fpsIfTwoCoresFree: Math.min(60, 2000 / med('cpuMsPerFrame')),
    renderMs: { value: med('renderMs'), unit: 'ms main-thread per render (colour update + scene.render)' },
    frameHandlingMsPerS: { value: med('frameMsPerS'), unit: 'ms per wall second spent handling incoming frames' },
    framesPerS: med('framesPerS'),
    spikesPerS: med('spikesPerS'),
    simPerWall: med('simPerWall'),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', loadavg: (await import('node:os')).loadavg() },
  };
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const rows: [string, string, string, string][] = [
    ['fps (median)', out.fps.ours.toFixed(1), '30 (target)', out.fps.ratio.toFixed(2)],
    ['animation frames /s', out.animationFramesPerS.value.toFixed(1), '', ''],
    ['fps, bus paused (same run)', out.idleFps.value.toFixed(1), '', ''],
    ['live / paused fps', out.liveOverIdle.toFixed(2), '', ''],
    ['browser CPU ms / frame', out.browserCpuMsPerFrame.value.toFixed(1), '33.3 (budget)', (out.browserCpuMsPerFrame.value / 33.3).toFixed(2)],
    ['browser CPU ms / frame, paused', out.idleBrowserCpuMsPerFrame.toFixed(1), '', ''],
    ['fps if 2 cores were free', out.fpsIfTwoCoresFree.toFixed(0), '30 (target)', (out.fpsIfTwoCoresFree / 30).toFixed(2)],
    ['render ms (main thread)', out.renderMs.value.toFixed(2), '33.3 (budget)', (out.renderMs.value / 33.3).toFixed(2)],
    ['frame handling ms/s', out.frameHandlingMsPerS.value.toFixed(1), '', ''],
    ['frames received /s', out.framesPerS.toFixed(1), '', ''],
    ['spikes received /s', out.spikesPerS.toFixed(0), '', ''],
    ['sim s / wall s', out.simPerWall.toFixed(2), '1 (requested)', out.simPerWall.toFixed(2)],
  ];
  process.stdout.write(`viewer fps: ${out.scene}; scale ${scale} (reached ${out.resolutionScale.reached.join(', ')}); ${runs} runs; load ${out.machine.loadavg.map((x) => x.toFixed(1)).join(' ')}\n`);
  process.stdout.write(`${'metric'.padEnd(30)}${'ours'.padStart(10)}${'peer'.padStart(16)}${'ratio'.padStart(8)}\n`);
  for (const r of rows) process.stdout.write(`${r[0].padEnd(30)}${r[1].padStart(10)}${r[2].padStart(16)}${r[3].padStart(8)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  void fpsBenchmark(process.argv.slice(2)).then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
