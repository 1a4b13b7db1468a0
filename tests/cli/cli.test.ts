import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (args: string[]) => spawnSync(process.execPath, ['bin/neuroloop.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('neuroloop CLI', () => {
  it('lists experiments', () => {
    const r = cli(['list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^demo\s+/m);
  });
  it('run --json prints exactly one JSON object with the metrics', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'nl-')), 'run');
    const r = cli(['run', 'demo', '--json', '--out', out, '--seed', '5', '--trials', '1', '--set', 'gain=4']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0] as string) as { state: string; metrics: { summary: { expected: number } } };
    expect(j.state).toBe('completed');
    expect(j.metrics.summary.expected).toBeCloseTo(0.8, 12);
    const inspect = execFileSync(process.execPath, ['bin/neuroloop.mjs', 'inspect', out], { encoding: 'utf8' });
    expect(inspect).toMatch(/state completed: 1\/1 trials/);
  });
  it('rejects a bad --set with the field named and a non-zero exit', () => {
    const r = cli(['run', 'demo', '--set', 'gain=-2', '--out', join(mkdtempSync(join(tmpdir(), 'nl-')), 'run')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/params\.gain/);
  });
  it('rejects an unknown experiment naming the available ones', () => {
    const r = cli(['run', 'nope']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown experiment 'nope'.*demo/);
  });
  it('prints JSON Schemas', () => {
    const r = cli(['schema']);
    const j = JSON.parse(r.stdout) as Record<string, { type?: string }>;
    expect(j.protocol?.type).toBe('object');
  });
});
