import {createHash} from 'node:crypto';

/**
 * Python's `json.dumps(value, sort_keys=True, separators=...)`, byte for
 * byte: the lock tools hash their project file's content this way.
 */
export function pythonJsonDumps(value: unknown, separators: [string, string] = [', ', ': ']): string {
  const [item, key] = separators;
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pythonFloat(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v instanceof Date) return JSON.stringify(v.toISOString());
    if (Array.isArray(v)) return `[${v.map(dump).join(item)}]`;
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => `${dump(k)}${key}${dump((v as Record<string, unknown>)[k])}`);
    return `{${entries.join(item)}}`;
  };
  return dump(value);
}

function pythonFloat(v: number): string {
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
