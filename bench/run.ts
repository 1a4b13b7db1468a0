/**
 * `npm run bench [-- <name> [--json] [...]]`: runs bench/<name>.bench.ts (all of them without a
 * name). Each bench module default-exports `(args: string[]) => Promise<void>` and prints a table
 * (ours, peer, ratio) or, with --json, exactly one JSON object on stdout.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const name = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : undefined;
const rest = name === undefined ? argv : argv.slice(1);
const available = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();

if (name !== undefined && !available.includes(name)) {
  console.error(`unknown benchmark '${name}'. Available: ${available.join(', ')}`);
  process.exit(2);
}
for (const b of name === undefined ? available : [name]) {
  const mod = (await import(join(here, `${b}.bench.ts`))) as { default: (args: string[]) => Promise<void> };
  await mod.default(rest);
}
