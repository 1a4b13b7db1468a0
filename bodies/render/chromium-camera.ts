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

/** Chromium flags of the camera: no sandbox (containers), no GPU (WebGL through SwiftShader), no background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader'];

let bundle: Promise<string> | undefined;

/** The page script, bundled once per process. */
function pageScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('./camera-page.ts', import.meta.url))],
    bundle: true, format: 'iife', platform: 'browser', write: false, minify: true, logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

interface SharedBrowser {
  readonly browser: Promise<Browser>;
  users: number;
}

/** Browsers shared by the cameras of this process, per executable: one launch, one page per camera. */
const shared = new Map<string, SharedBrowser>();

async function acquire(executablePath: string, share: boolean): Promise<{ browser: Browser; release: () => Promise<void> }> {
  if (!share) {
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    return { browser, release: () => browser.close() };
  }
  let s = shared.get(executablePath);
  if (s === undefined) {
    s = { browser: chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS }), users: 0 };
    shared.set(executablePath, s);
    s.browser.catch(() => shared.delete(executablePath));
  }
  s.users++;
  const entry = s;
  let browser: Browser;
  try {
    browser = await entry.browser;
  } catch (err) {
    entry.users--;
    throw err;
  }
  return {
    browser,
    release: async () => {
      entry.users--;
      if (entry.users === 0 && shared.get(executablePath) === entry) {
        shared.delete(executablePath);
        await browser.close();
      }
    },
  };
}

/**
 * Keeps the shared browser for `executablePath` open across camera lifetimes (many short-lived
 * cameras, e.g. one per trial or per test, would otherwise launch Chromium each time). Call the
 * returned function to let it close once no camera uses it.
 */
export async function retainSharedBrowser(executablePath: string = DEFAULT_CHROMIUM): Promise<() => Promise<void>> {
  if (!existsSync(executablePath)) {
    throw new ValidationError('executablePath', executablePath, 'the path of an installed Chromium binary', 'apt-get install chromium');
  }
  const { release } = await acquire(executablePath, true);
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    await release();
  };
}

/** Number of shared browser processes open (0 once every camera is disposed and no one retains one). */
export function sharedBrowserCount(): number {
  return shared.size;
}

/** One camera page in a headless browser (shared with the process's other cameras unless told not to). */
export class ChromiumCamera {
  private constructor(private readonly page: Page, private readonly release: () => Promise<void>) {}

  /**
   * Opens a camera page and builds the scene's meshes in it. Clear error if Chromium is missing.
   * With `share` (the default) cameras of one process share one browser process; the last one to
   * close it closes the browser.
   */
  static async launch(executablePath: string, shapes: readonly PageShape[], width: number, height: number, antialias: boolean, share = true): Promise<ChromiumCamera> {
    if (!existsSync(executablePath)) {
      throw new ValidationError('camera.executablePath', executablePath, 'the path of an installed Chromium binary',
        `install Debian's package with \`apt-get install chromium\` (it provides ${DEFAULT_CHROMIUM}) or pass executablePath`);
    }
    const script = await pageScript();
    const { browser, release } = await acquire(executablePath, share);
    let page: Page | undefined;
    try {
      page = await browser.newPage({ viewport: { width: Math.max(width, 16), height: Math.max(height, 16) } });
      await page.route('**/*', (r) => r.abort());
      await page.setContent('<html><body style="margin:0"></body></html>');
      await page.addScriptTag({ content: script });
      await page.evaluate(([s, w, h, aa]) => (globalThis as unknown as { neuroloopCamera: CameraPageApi }).neuroloopCamera.setup(s, w, h, aa), [shapes, width, height, antialias] as const);
      return new ChromiumCamera(page, release);
    } catch (err) {
      await page?.close().catch(() => undefined);
      await release().catch(() => undefined);
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

  /** Closes the page, and the browser if no other camera uses it. */
  async close(): Promise<void> {
    try {
      await this.page.close();
    } finally {
      await this.release();
    }
  }
}
