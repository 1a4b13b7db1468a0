import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { addExportNwbCommand, addViewCommand } from '../../viewer/index.js';
import { eyeblinkRun } from './run-fixtures.js';

describe('viewer subcommands for the CLI', () => {
  it('export-nwb writes the file named by --out', async () => {
    const truth = eyeblinkRun(2, 8);
    const out = join(mkdtempSync(join(tmpdir(), 'nl-cmd-')), 'x.nwb');
    const program = new Command().exitOverride();
    addExportNwbCommand(program);
    addViewCommand(program);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let printed = '';
    try {
      await program.parseAsync(['node', 'neuroloop', 'export-nwb', truth.dir, '--out', out]);
      printed = write.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      write.mockRestore();
    }
    expect(existsSync(out)).toBe(true);
    expect(printed).toMatch(/40 units/);
    expect(program.commands.map((c) => c.name())).toEqual(['export-nwb', 'view']);
  });
});
