/**
 * Further subcommands (export-pynn, export-nwb, view), each added by a function so main.ts stays
 * small. They load their modules lazily so a missing optional part never breaks `run`.
 */
import type { Command } from 'commander';

/** Functions that add subcommands to the program. */
export const extraCommands: ((program: Command) => void)[] = [];
