/**
 * Assembles each WebAssembly text kernel in this folder (`<name>.wat`) into `<name>-wasm.ts`, which
 * holds the binary as base64, so the simulator needs no assembler at run time.
 *   npm run wasm            rewrites the generated files
 *   npm run wasm -- --check exits 1 if a generated file differs from what its .wat assembles to
 * wabt (the WebAssembly Binary Toolkit's wat2wasm, as a devDependency) does the assembling.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const here = dirname(fileURLToPath(import.meta.url));

/** The binary of the WebAssembly text `source` (SIMD enabled), validated. */
export async function assembleWat(name: string, source: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat(name, source, { simd: true });
  try {
    mod.validate();
    return Uint8Array.from(mod.toBinary({ log: false, canonicalize_lebs: true, write_debug_names: false }).buffer);
  } finally {
    mod.destroy();
  }
}

/** The TypeScript module text that embeds `bytes` for `<name>.wat`. */
export function embedModule(name: string, bytes: Uint8Array): string {
  const constName = `${name.replace(/[^a-zA-Z0-9]+/g, '_').toUpperCase()}_WASM`;
  const b64 = Buffer.from(bytes).toString('base64');
  const lines = b64.match(/.{1,96}/g) ?? [];
  return `// Generated from ${name}.wat by brains/spiking/wasm/assemble.ts (npm run wasm). Do not edit.\n` + `export const ${constName} =\n${lines.map((l) => `  '${l}'`).join(' +\n')};\n`;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const f of readdirSync(here).filter((x) => x.endsWith('.wat')).sort()) {
    const name = f.slice(0, -4);
    const text = embedModule(name, await assembleWat(f, readFileSync(join(here, f), 'utf8')));
    const out = join(here, `${name}-wasm.ts`);
    let old = '';
    try {
      old = readFileSync(out, 'utf8');
    } catch {
      old = '';
    }
    if (old === text) continue;
    if (check) {
      stale++;
      process.stderr.write(`${out} is stale: run npm run wasm\n`);
    } else {
      writeFileSync(out, text);
      process.stdout.write(`wrote ${out}\n`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
