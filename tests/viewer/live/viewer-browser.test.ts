/**
 * Browser test of the live viewer with playwright-core driving Debian's Chromium (WebGL2 via
 * SwiftShader): the page loads a live bus (stand-in eye-blink head + 1,000 neurons), receives
 * frames, the body moves and neurons light up between two screenshots (pixel comparison inside the
 * projected screen rectangles of the body and the brain, with a static background patch as the
 * control), and the pause control stops simulated time (the bus's own clock), step advances it by
 * one step of simulated time, play resumes. Screenshots are saved as test artefacts in
 * $NEUROLOOP_ARTIFACTS_DIR (default <tmp>/neuroloop-artifacts/viewer).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus } from '../../../core/bus.js';
import { startViewer, type ViewerHandle } from '../../../viewer/live/index.js';
import { EYEBLINK_LAYERS, HEAD_LINKS, StandInBrainEngine, StandInHeadEngine, standInTransceivers } from '../../../viewer/live/testing/eyeblink-standins.js';
import { decodePng, diffFraction, type Rgba } from '../png.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ART = join(process.env.NEUROLOOP_ARTIFACTS_DIR ?? join(tmpdir(), 'neuroloop-artifacts'), 'viewer');

interface Rect { x: number; y: number; w: number; h: number }
interface Stats { frames: number; spikes: number; lastTNs: number; ready: boolean; errors: string[]; status?: { paused: boolean; speed: number | null } }

// Skipped only where Debian's chromium is not installed (CI installs it: apt-get install chromium).
describe.skipIf(!existsSync(CHROMIUM))('live viewer in headless Chromium', () => {
  let bus: Bus;
  let viewer: ViewerHandle;
  let browser: Browser;
  let page: Page;
  let run: Promise<unknown>;
  const pageErrors: string[] = [];

  const stats = (): Promise<Stats> => page.evaluate(() => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats);
  const rect = (g: string): Promise<Rect> => page.evaluate((name) => (window as unknown as { __viewer: { rect(n: string): Rect } }).__viewer.rect(name), g);
  const shot = async (name: string): Promise<Rgba> => {
    const png = await page.screenshot();
    writeFileSync(join(ART, `${name}.png`), png);
    return decodePng(png);
  };
  const waitFrames = async (n: number): Promise<void> => {
    const f0 = (await stats()).frames;
    await page.waitForFunction((target) => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.frames >= target, f0 + n, { timeout: 30_000 });
  };

  beforeAll(async () => {
    mkdirSync(ART, { recursive: true });
    bus = new Bus({ engines: [new StandInHeadEngine(), new StandInBrainEngine(1000)], transceivers: standInTransceivers(), seed: 1 });
    viewer = await startViewer({ bus, layers: EYEBLINK_LAYERS, scene: { bodies: { key: 'head.poses', links: HEAD_LINKS } }, title: 'eyeblink stand-in' });
    await bus.init();
    run = bus.runUntil(600e9);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 640 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // A fixed resolution (half) so screenshots differ only by what the scene shows, not by auto-resolution steps.
    await page.goto(`${viewer.url}?scale=2`);
    await page.waitForFunction(() => {
      const s = (window as unknown as { __viewer?: { stats: Stats } }).__viewer?.stats;
      return s !== undefined && s.ready && s.frames > 5;
    }, undefined, { timeout: 45_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    bus?.stop();
    await run?.catch(() => undefined);
    await viewer?.close();
    await bus?.dispose();
  });

  it('receives frames with spikes and shows the body, the brain and the layers', async () => {
    await waitFrames(5);
    const s = await stats();
    expect(s.frames).toBeGreaterThan(5);
    expect(s.spikes).toBeGreaterThan(100);
    expect(s.errors).toEqual([]);
    expect(viewer.clients()).toBe(1);
    const body = await rect('body');
    const brain = await rect('brain');
    expect(body.w).toBeGreaterThan(20);
    expect(brain.w).toBeGreaterThan(20);
    expect(body.x + body.w).toBeLessThan(brain.x + 1); // body left of the brain, not overlapping
    expect(await rect('airPuff')).toBeDefined();
    expect(pageErrors).toEqual([]);
  });

  it('the body moves and neurons light up between two screenshots', async () => {
    const body = await rect('body');
    const brain = await rect('brain');
    // Shots are taken with the bus held at known times (pause, then a step of simulated time), so
    // the interval is not left to the machine's load: a fixed wait can land a whole head period
    // (1 s) later and show the same pose. The step is chosen from the stand-in's closed form
    // (yaw = 0.35 sin(2π t / 1 s)) so the head turns by at least 0.3 rad.
    const holdAt = async (): Promise<number> => {
      while (bus.state !== 'paused') await new Promise((r) => setTimeout(r, 20));
      const t = bus.now;
      await page.waitForFunction((x) => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.lastTNs >= x, t, { timeout: 30_000 });
      return t;
    };
    await page.click('#pause');
    await page.waitForFunction(() => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.status?.paused === true);
    const tA = await holdAt();
    const a = await shot('live-1');
    const yaw = (t: number): number => 0.35 * Math.sin((2 * Math.PI * t) / 1e9);
    let stepMs = 150;
    while (Math.abs(yaw(tA + stepMs * 1e6) - yaw(tA)) < 0.3) stepMs += 10;
    await page.evaluate((ms) => (window as unknown as { __viewer: { send(m: unknown): void } }).__viewer.send({ type: 'step', ms }), stepMs);
    await page.waitForFunction((t) => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.lastTNs >= t, tA + stepMs * 1e6, { timeout: 30_000 });
    const tB = await holdAt();
    expect(tB).toBeGreaterThanOrEqual(tA + stepMs * 1e6);
    const b = await shot('live-2');
    const dBody = diffFraction(a, b, body);
    const dBrain = diffFraction(a, b, brain);
    // Control: a background patch above the scene (top-left of the 3D canvas) must not change.
    const dStatic = diffFraction(a, b, { x: 10, y: 44, w: 60, h: 40 });
    expect(dBody).toBeGreaterThan(0.01);
    expect(dBrain).toBeGreaterThan(0.01);
    expect(dStatic).toBe(0);
    await page.click('#play');
    await page.waitForFunction(() => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.status?.paused === false);
  });

  it('pause stops simulated time; step advances it by 10 ms; play resumes', async () => {
    await page.click('#pause');
    await page.waitForFunction(() => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.status?.paused === true);
    await page.waitForTimeout(300); // the bus stops at its next sync point
    const tBus = bus.now;
    // The frame flushed where the bus stopped may still be in flight to the page (loaded machine).
    await page.waitForFunction((t) => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.lastTNs >= t, tBus, { timeout: 30_000 });
    const tPage = (await stats()).lastTNs;
    const body = await rect('body');
    const brain = await rect('brain');
    const a = await shot('paused-1');
    await page.waitForTimeout(1000);
    const b = await shot('paused-2');
    expect(bus.now).toBe(tBus);
    expect((await stats()).lastTNs).toBe(tPage);
    expect(tPage).toBe(tBus);
    expect(bus.paused).toBe(true);
    expect(diffFraction(a, b, body)).toBe(0);
    expect(diffFraction(a, b, brain)).toBe(0);

    await page.click('#step');
    await page.waitForFunction((t) => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.lastTNs >= t + 10e6, tBus, { timeout: 30_000 });
    await page.waitForTimeout(300);
    expect(bus.now).toBe(tBus + 10e6);
    expect(bus.paused).toBe(true);

    await page.click('#play');
    await page.waitForFunction((t) => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.lastTNs > t + 50e6, tBus + 10e6, { timeout: 30_000 });
    expect(bus.now).toBeGreaterThan(tBus + 60e6);
    expect((await stats()).status?.paused).toBe(false);
  });

  it('the speed control sets the realtime factor; bad controls get an error message, not a crash', async () => {
    await page.selectOption('#speed', 'max');
    await page.waitForFunction(() => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.status?.speed === null);
    await page.selectOption('#speed', '0.5');
    await page.waitForFunction(() => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.status?.speed === 0.5);
    await page.evaluate(() => (window as unknown as { __viewer: { send(m: unknown): void } }).__viewer.send({ type: 'warp', to: 1 }));
    await page.waitForFunction(() => (window as unknown as { __viewer: { stats: Stats } }).__viewer.stats.errors.length > 0);
    expect((await stats()).errors[0]).toMatch(/unknown control message type 'warp'/);
    await shot('final');
  });
});
