import { existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { minMaxIndices, renderReport, specToSvg, svgToPng } from '../../../viewer/report/index.js';
import { readRun } from '../../../viewer/run/index.js';
import { braitenbergRun, eyeblinkRun, trajectorySpec } from '../run-fixtures.js';

/** Number of drawn items (<path> children) in all vega SVG groups of the given mark class (series are separate groups). */
function markCount(svg: string, markClass: string): number {
  let n = 0;
  for (let i = svg.indexOf(`class="${markClass} role-mark`); i >= 0; i = svg.indexOf(`class="${markClass} role-mark`, i + 1)) {
    const end = svg.indexOf('</g>', i);
    n += (svg.slice(i, end).match(/<path /g) ?? []).length;
  }
  return n;
}
const axisTitles = (svg: string): string[] =>
  [...svg.matchAll(/class="mark-text role-axis-title"[^>]*>(?:<text[^>]*>([^<]*)<\/text>)/g)].map((m) => m[1] as string);

function pngSize(png: Uint8Array): { w: number; h: number } {
  expect([...png.slice(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const dv = new DataView(png.buffer, png.byteOffset);
  return { w: dv.getUint32(16), h: dv.getUint32(20) };
}

describe('renderReport on an eye-blink run', () => {
  const truth = eyeblinkRun(6);
  let res: Awaited<ReturnType<typeof renderReport>>;

  it('writes the expected plots (raster, eyelid trace, stimuli, trials, learning curves)', async () => {
    res = await renderReport(truth.dir);
    expect(res.plots).toEqual(['curve-blocks', 'curve-trials', 'raster-brain-pc', 'trace-body-eyelid', 'events-env-stimuli', 'trials']);
    for (const p of res.plots) for (const ext of ['svg', 'png', 'vl.json']) expect(existsSync(join(truth.dir, 'plots', `${p}.${ext}`))).toBe(true);
  });

  it('raster SVG has one symbol per recorded spike and time/neuron axes', () => {
    const svg = readFileSync(join(truth.dir, 'plots', 'raster-brain-pc.svg'), 'utf8');
    const n = truth.spikes['brain.pc']?.t.length ?? 0;
    expect(n).toBeGreaterThan(1000);
    expect(markCount(svg, 'mark-symbol')).toBe(n);
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['time (ms)', 'neuron']));
    expect(svg).toContain('40 neurons');
  });

  it('eyelid trace is one line mark and decimation is stated in the subtitle', () => {
    const svg = readFileSync(join(truth.dir, 'plots', 'trace-body-eyelid.svg'), 'utf8');
    expect(markCount(svg, 'mark-line')).toBe(1);
    expect(svg).toContain('3000 samples');
    expect(svg).toContain('min/max decimated to');
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['time (ms)', 'body.eyelid']));
  });

  it('stimulus timeline has a tick per tone and puff', () => {
    const svg = readFileSync(join(truth.dir, 'plots', 'events-env-stimuli.svg'), 'utf8');
    expect(markCount(svg, 'mark-rect')).toBe(12);
    expect(svg).toMatch(/>tone</);
    expect(svg).toMatch(/>puff</);
  });

  it('learning curve per block draws each metric as a line with points', () => {
    const svg = readFileSync(join(truth.dir, 'plots', 'curve-blocks.svg'), 'utf8');
    expect(markCount(svg, 'mark-line')).toBe(2); // crPercent, crAmplitude
    expect(markCount(svg, 'mark-symbol')).toBe(6); // 3 blocks × 2 metrics
    expect(svg).toContain('crPercent');
    expect(axisTitles(svg)).toContain('block');
  });

  it('PNG is a valid image at twice the SVG size', () => {
    const svg = readFileSync(join(truth.dir, 'plots', 'raster-brain-pc.svg'), 'utf8');
    const w = Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    const { w: pw, h: ph } = pngSize(readFileSync(join(truth.dir, 'plots', 'raster-brain-pc.png')));
    expect(pw).toBe(2 * w);
    expect(ph).toBeGreaterThan(100);
  });

  it('report.html is self-contained and holds the metrics tables and every plot inline', () => {
    const html = readFileSync(res.html, 'utf8');
    expect(html).not.toMatch(/<script|<link |src="http/);
    expect(html).toContain('<table class="metrics-summary">');
    expect(html).toContain('crPercentLastBlock');
    expect(html).toContain('<table class="metrics-blocks">');
    expect((html.match(/<figure /g) ?? []).length).toBe(res.plots.length);
    expect((html.match(/<svg /g) ?? []).length).toBe(res.plots.length);
    expect(html).toContain('brain.pc');
  });
});

describe('renderReport on a Braitenberg run with an extra spec', () => {
  const truth = braitenbergRun();

  it('renders the trajectory spec the experiment passes, and multi-channel traces', async () => {
    const res = await renderReport(truth.dir, { extraSpecs: { trajectory: trajectorySpec(truth) } });
    expect(res.plots).toEqual(['curve-trials', 'raster-brain-sensors', 'trace-body-pose', 'trace-body-wheels', 'trials', 'trajectory']);
    const traj = readFileSync(join(truth.dir, 'plots', 'trajectory.svg'), 'utf8');
    expect(markCount(traj, 'mark-line')).toBe(1);
    expect(axisTitles(traj)).toEqual(expect.arrayContaining(['x (m)', 'y (m)']));
    const pose = readFileSync(join(truth.dir, 'plots', 'trace-body-pose.svg'), 'utf8');
    expect(markCount(pose, 'mark-line')).toBe(3); // x, y, heading
    expect(pose).toContain('(m)');
    const raster = readFileSync(join(truth.dir, 'plots', 'raster-brain-sensors.svg'), 'utf8');
    expect(markCount(raster, 'mark-symbol')).toBe(truth.spikes['brain.sensors']?.t.length);
  });

  it('rejects an extra spec that collides with a default plot name, and an invalid spec, naming it', async () => {
    await expect(renderReport(truth.dir, { extraSpecs: { trials: {} } })).rejects.toThrow(ValidationError);
    await expect(renderReport(truth.dir, { extraSpecs: { bad: { mark: 'nonsense-mark', data: { values: [] } } } })).rejects.toThrow(/extraSpecs|plots\.bad/);
  });
});

describe('raster reduction, decimation and the run reader', () => {
  it('a raster over the spike limit draws exactly the limit and says so', async () => {
    const truth = eyeblinkRun(2, 11);
    const res = await renderReport(truth.dir, { maxSpikes: 100, png: false });
    const svg = readFileSync(join(truth.dir, 'plots', 'raster-brain-pc.svg'), 'utf8');
    expect(markCount(svg, 'mark-symbol')).toBe(100);
    expect(svg).toContain(`first 100 of ${truth.spikes['brain.pc']?.t.length} spikes`);
    expect(res.plots).toContain('trials');
  });

  it('min/max decimation keeps each bucket extreme (checked against brute force)', () => {
    const x = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 37) + (i === 4321 ? 5 : 0));
    const idx = minMaxIndices(x.length, (i) => x[i] as number, 100);
    expect(idx.length).toBeLessThanOrEqual(200);
    expect(idx).toContain(4321);
    for (let i = 1; i < idx.length; i++) expect(idx[i] as number).toBeGreaterThan(idx[i - 1] as number);
    for (let b = 0; b < 100; b++) {
      const seg = x.slice(b * 100, (b + 1) * 100);
      const kept = idx.filter((i) => i >= b * 100 && i < (b + 1) * 100).map((i) => x[i] as number);
      expect(Math.max(...kept)).toBe(Math.max(...seg));
      expect(Math.min(...kept)).toBe(Math.min(...seg));
    }
  });

  it('a truncated last line is ignored and reported; corruption in the middle is an error', () => {
    const truth = eyeblinkRun(2, 5);
    const f = join(truth.dir, 'recording', 'body.eyelid.ndjson');
    appendFileSync(f, '{"t":[1,2');
    const run = readRun(truth.dir);
    expect(run.truncated).toEqual(['body.eyelid.ndjson']);
    const lid = run.streams.find((s) => s.info.key === 'body.eyelid');
    expect(lid?.t.length).toBe(1000);
    writeFileSync(f, `{"t":[0],"v":[0]}\n{"t":[1\n{"t":[2],"v":[0]}\n`);
    expect(() => readRun(truth.dir)).toThrow(/corrupt/);
  });

  it('specToSvg and svgToPng work on a minimal spec', async () => {
    const svg = await specToSvg({ data: { values: [{ a: 1, b: 2 }, { a: 2, b: 3 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'ordinal' }, y: { field: 'b', type: 'quantitative' } } });
    expect(markCount(svg, 'mark-rect')).toBe(2);
    expect(pngSize(svgToPng(svg, 1)).w).toBe(Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]));
  });
});
