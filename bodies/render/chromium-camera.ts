/**
 * The one seam between the camera engine and the outside world (Node only): launches Debian's
 * headless Chromium through playwright-core (WebGL through SwiftShader, specs/ecosystem.md §1),
 * loads the esbuild bundle of camera-page.ts into a blank page, and relays frames. Loopback only:
 * the page is set from a string and every network request is aborted, so nothing is fetched.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ValidationError } from '../../core/errors.js';
import type { CameraPageApi, PageCamera, PageShape } from './camera-page.js';

/** Default Chromium binary (Debian package `chromium`). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader'];

let bundle: Promise<string> | undefined;

/** The page script, bundled once per process. */
function pageScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('./camera-page.ts', import.meta.url))],
    bundle: true, format: 'iife', platform: 'browser', write: false, minify: true, logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

/** A running headless browser with one camera page. */
export class ChromiumCamera {
  private constructor(private readonly browser: Browser, private readonly page: Page) {}

  /** Launches Chromium and builds the scene's meshes in it. Clear error if Chromium is missing. */
  static async launch(executablePath: string, shapes: readonly PageShape[], width: number, height: number, antialias: boolean): Promise<ChromiumCamera> {
    if (!existsSync(executablePath)) {
      throw new ValidationError('camera.executablePath', executablePath, 'the path of an installed Chromium binary',
        `install Debian's package with \`apt-get install chromium\` (it provides ${DEFAULT_CHROMIUM}) or pass executablePath`);
    }
    const script = await pageScript();
    const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: Math.max(width, 16), height: Math.max(height, 16) } });
      await page.route('**/*', (r) => r.abort());
      await page.setContent('<html><body style="margin:0"></body></html>');
      await page.addScriptTag({ content: script });
      await page.evaluate(([s, w, h, aa]) => (globalThis as unknown as { neuroloopCamera: CameraPageApi }).neuroloopCamera.setup(s, w, h, aa), [shapes, width, height, antialias] as const);
      return new ChromiumCamera(browser, page);
    } catch (err) {
      await browser.close().catch(() => undefined);
      throw err;
    }
  }

  /** Renders one frame; returns RGB bytes, top row first. */
  async frame(poses: readonly number[], cam: PageCamera): Promise<Uint8Array> {
    const b64 = await this.page.evaluate(([p, c]) => (globalThis as unknown as { neuroloopCamera: CameraPageApi }).neuroloopCamera.frame(p, c), [poses, cam] as const);
    return new Uint8Array(Buffer.from(b64, 'base64'));
  }

  /** Writes the last rendered frame as a PNG file. */
  async writePng(dir: string, file: string): Promise<void> {
    const url = await this.page.evaluate(() => (globalThis as unknown as { neuroloopCamera: CameraPageApi }).neuroloopCamera.png());
    await mkdir(dir, { recursive: true });
    await writeFile(`${dir}/${file}`, Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
  }

  /** Closes the browser. */
  async close(): Promise<void> {
    await this.browser.close();
  }
}
