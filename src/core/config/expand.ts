import {registerSecret} from '../redact.js';
import type {KeyPath} from './lines.js';

// A value taken from a variable named like a secret is masked wherever vdist prints it.
const SECRET_NAME = /PASSWORD|PASSWD|TOKEN|SECRET|API_?KEY|CREDENTIAL/i;

/** An unset variable found while expanding. */
export interface ExpansionProblem {
  path: KeyPath;
  message: string;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Expands `${VAR}` and `${VAR:-default}` in one string, as a shell would
 * (the default also applies when VAR is empty). `$$` is a literal `$`.
 * Returns the names of unset variables that have no default.
 */
export function expandString(value: string, env: NodeJS.ProcessEnv): {value: string; unset: string[]} {
  const unset: string[] = [];
  const out = value.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$$') return '$';
    const v = env[name!];
    if (v && SECRET_NAME.test(name!)) registerSecret(v);
    if (fallback !== undefined) return v === undefined || v === '' ? fallback : v;
    if (v === undefined) {
      unset.push(name!);
      return '';
    }
    return v;
  });
  return {value: out, unset};
}

/** Expands every string inside a parsed TOML value, collecting every unset variable with its key path. */
export function expandTree(value: unknown, env: NodeJS.ProcessEnv, path: KeyPath = [], problems: ExpansionProblem[] = []): {value: unknown; problems: ExpansionProblem[]} {
  if (typeof value === 'string') {
    const r = expandString(value, env);
    for (const name of r.unset) {
      problems.push({path, message: `environment variable ${name} is not set: set it, or give a default with \${${name}:-value}`});
    }
    return {value: r.value, problems};
  }
  if (Array.isArray(value)) {
    return {value: value.map((v, i) => expandTree(v, env, [...path, i], problems).value), problems};
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = expandTree(v, env, [...path, k], problems).value;
    return {value: out, problems};
  }
  return {value, problems};
}
