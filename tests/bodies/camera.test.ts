/**
 * Colour camera: the rover scene is exported as shapes (bodies/render/scene-shapes.ts), rendered by
 * Babylon.js (bodies/render/babylon-render.ts, bundled with esbuild) in Debian's headless Chromium
 * through playwright-core (WebGL via SwiftShader), and saved as a PNG. Checks: a valid PNG of the
 * requested size, sky-coloured top rows, grey floor at the bottom, and blue robot pixels in the
 * middle of the image where the rover stands.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BodyEngine } from '../../bodies/body-engine.js';
import { sceneShapes } from '../../bodies/render/scene-shapes.js';
import { roverRobot } from '../../bodies/robots/rover.js';
import { WorldEnvironment } from '../../environments/world-environment.js';
import { braitenbergArena } from '../../environments/worlds/braitenberg-arena.js';
import { cmd, run, start } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('headless camera', () => {
  // Skipped only when Debian's chromium is absent (CI installs it: apt-get install chromium).
  it.skipIf(!existsSync(CHROMIUM))('renders the rover scene to a PNG', async () => {
    const e = new BodyEngine({ robot: roverRobot(), environment: new WorldEnvironment(braitenbergArena()) });
    await start(e);
    await run(e, 0, 50, () => ({ 'left_wheel.command': cmd(1), 'right_wheel.command': cmd(1) }));
    const layout = e.robotLayout!;
    const shapes = sceneShapes(e.rapierWorld!, (h) => layout.linkOfCollider.has(h));
    e.dispose();
    expect(shapes.length).toBeGreaterThan(8);

    const entry = resolve('bodies/render/babylon-render.ts');
    const bundle = await build({
      stdin: { contents: `import { renderShapes } from ${JSON.stringify(entry)};\n(globalThis as any).neuroloopRender = async (s: any, c: any, w: number, h: number) => Array.from(await renderShapes(document.getElementById('c') as HTMLCanvasElement, s, c, w, h, true));`, loader: 'ts', resolveDir: process.cwd() },
      bundle: true, format: 'iife', platform: 'browser', write: false, minify: true, logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]!.text;

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 320, height: 240 } });
      await page.setContent('<html><body style="margin:0"><canvas id="c" width="320" height="240"></canvas></body></html>');
      await page.addScriptTag({ content: script });
      const cam = { position: [-2.5, -1.5, 1.6], target: [0.2, 0, 0.2], fovRad: 0.9 };
      const rgba = await page.evaluate(async ([s, c]) => (globalThis as unknown as { neuroloopRender: (...a: unknown[]) => Promise<number[]> }).neuroloopRender(s, c, 320, 240), [shapes, cam] as const);
      const dir = mkdtempSync(join(tmpdir(), 'neuroloop-camera-'));
      const file = join(dir, 'rover.png');
      await page.locator('#c').screenshot({ path: file });
      const png = readFileSync(file);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.readUInt32BE(16)).toBe(320);
      expect(png.readUInt32BE(20)).toBe(240);
      expect(rgba.length).toBe(320 * 240 * 4);
      const px = (x: number, y: number) => rgba.slice((y * 320 + x) * 4, (y * 320 + x) * 4 + 3);
      const [sr, sg, sb] = px(5, 2);
      expect(sb!).toBeGreaterThan(sr! + 40); // sky: clear colour (0.62, 0.78, 0.95)
      expect(sb!).toBeGreaterThan(200);
      const [fr, fg, fb] = px(160, 235);
      expect(Math.max(fr!, fg!, fb!) - Math.min(fr!, fg!, fb!)).toBeLessThan(40); // grey floor
      let robot = 0;
      for (let y = 60; y < 200; y++) for (let x = 80; x < 260; x++) {
        const [r, g, b] = px(x, y);
        if (b! > r! + 50 && b! > g! + 20 && b! < 220) robot++;
      }
      expect(robot).toBeGreaterThan(200); // the blue rover body
      console.log(`camera test PNG: ${file}`);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
