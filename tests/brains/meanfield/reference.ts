/** Loads ../shared/data/meanfield_reference.json (TVB test vectors and computed references). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
/** Path of the shared data folder. */
export const SHARED_DATA = join(here, '../../../../shared/data');
/** The reference JSON, untyped. */
export const REF = JSON.parse(readFileSync(join(SHARED_DATA, 'meanfield_reference.json'), 'utf8')) as Record<string, any>;
