/**
 * Bundles the browser page (page/main.ts: Babylon.js scene, raster and trace panels, controls)
 * with esbuild, in memory, once per process. Deep `@babylonjs/core/...` imports keep it small.
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: Promise<string> | undefined;

/** The page's JavaScript (an IIFE), built on first use. */
export function pageBundle(): Promise<string> {
  cached ??= build({
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'page', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  }).then((r) => {
    const out = r.outputFiles[0];
    if (out === undefined) throw new Error('esbuild produced no output for the viewer page');
    return out.text;
  });
  cached.catch(() => (cached = undefined));
  return cached;
}

/** The page's HTML (loads /viewer.js, connects to /ws). */
export function pageHtml(title: string): string {
  const t = title.replace(/[<>&"]/g, '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${t}</title>
<style>
html,body{margin:0;height:100%;background:#101418;color:#dde;font:13px system-ui,sans-serif;overflow:hidden}
#bar{height:34px;display:flex;gap:8px;align-items:center;padding:0 10px;background:#1b2128}
#bar button,#bar select{background:#2b3440;color:#dde;border:1px solid #445;border-radius:3px;padding:3px 10px}
#main{position:absolute;top:34px;bottom:0;left:0;right:0;display:flex}
#scene{flex:1 1 auto;min-width:0;height:100%;display:block;outline:none}
#panels{width:380px;display:flex;flex-direction:column;background:#0c0f12}
#panels canvas{display:block;width:380px}
.lbl{font-size:11px;color:#889;padding:2px 6px}
#simtime{font-variant-numeric:tabular-nums;min-width:120px}
</style></head><body>
<div id="bar"><b>${t}</b>
<button id="play" data-testid="play">▶ play</button><button id="pause" data-testid="pause">❚❚ pause</button>
<button id="step" data-testid="step">step 10 ms</button>
<select id="speed" data-testid="speed"><option value="0.1">0.1×</option><option value="0.25">0.25×</option><option value="0.5">0.5×</option><option value="1" selected>1×</option><option value="2">2×</option><option value="max">max</option></select>
<span id="simtime" data-testid="simtime">t = 0 ms</span><span id="state"></span><span id="fps"></span></div>
<div id="main"><canvas id="scene"></canvas><div id="panels"><div class="lbl">spike raster</div><canvas id="raster" width="380" height="260"></canvas><div class="lbl">traces</div><canvas id="traces" width="380" height="240"></canvas><div id="legend" class="lbl"></div></div></div>
<script src="/viewer.js"></script></body></html>
`;
}
