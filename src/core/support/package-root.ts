import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/** The installed package's root (holds profiles/, templates/, schema/): same depth from src/ and lib/. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where built-in script templates live. */
export const BUILTIN_TEMPLATES_DIR = resolve(PACKAGE_ROOT, 'templates');

/** Whether a profile's script is one of vdist's own (its stages do what templates/ says), not a user's. */
export function isBuiltinScript(scriptPath: string): boolean {
  return resolve(scriptPath).startsWith(`${BUILTIN_TEMPLATES_DIR}/`);
}
