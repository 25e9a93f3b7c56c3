import {markerFrom, parseRequirement, pipHash} from './common.js';
import {LockError} from './lock-error.js';
import type {LockFormat, LockInput, LockParse, LockedPackage} from './types.js';

/**
 * A requirements file that already carries `--hash` on every line (pip-compile
 * --generate-hashes, `uv export`, `poetry export`): each line must pin `==`.
 * Auto-detection takes requirements_path only when it holds a --hash.
 */
export const hashedRequirements: LockFormat = {
  tool: 'requirements',
  candidates: [],
  matches: (name) => name.endsWith('.txt'),
  parse(input: LockInput): LockParse {
    const {file, text, env} = input;
    if (input.groups.length > 0 || input.extras.length > 0) {
      throw new LockError(file, undefined, 'a requirements file has no groups or extras to choose', ['Remove `groups` and `extras` from vdist.toml, or export the file with them']);
    }
    const packages: LockedPackage[] = [];
    for (const {text: line, number} of logicalLines(text)) {
      const words = line.split(/\s+(?=--?[A-Za-z])/);
      const spec = words[0]!.trim();
      const options = words.slice(1);
      if (spec.startsWith('-')) {
        if (/^--?(r|c|e|requirement|constraint|editable)\b/.test(spec)) throw new LockError(file, number, `"${spec.split(/\s/)[0]}" is not supported in a hashed requirements file: list every package in it`);
        continue;
      }
      const req = parseRequirement(spec);
      const pin = /^[^;]*?===?\s*([^\s;,]+)\s*(?:;|$)/.exec(spec);
      if (!req || !pin || /[<>!~]/.test(spec.split(';')[0]!)) {
        throw new LockError(file, number, `"${spec}" is not pinned with ==: pip's hash-checking mode needs exact versions`);
      }
      const hashes = options.flatMap((o) => {
        const m = /^--hash[=\s]\s*(\S+)/.exec(o.trim());
        return m && pipHash(m[1]!) ? [pipHash(m[1]!)!] : [];
      });
      const marker = markerFrom(req.marker, file, number, env);
      if (marker.kind === 'bool' && !marker.value) continue;
      packages.push({name: req.name, version: pin[1]!, hashes, marker, line: number});
    }
    return {packages};
  },
};

/** The file's lines with `\` continuations joined and comments dropped, each with its first line number. */
function logicalLines(text: string): Array<{text: string; number: number}> {
  const out: Array<{text: string; number: number}> = [];
  let current: {text: string; number: number} | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '');
    const continued = /\\\s*$/.test(line);
    const piece = line.replace(/\\\s*$/, '');
    current = current ? {text: `${current.text} ${piece.trim()}`, number: current.number} : {text: piece.trim(), number: i + 1};
    if (!continued) {
      if (current.text) out.push(current);
      current = undefined;
    }
  });
  if (current?.text) out.push(current);
  return out;
}

/** Does a requirements file carry hashes (and so serve as a lock)? */
export const hasHashes = (text: string) => /(^|\s)--hash[=\s]/m.test(text);
