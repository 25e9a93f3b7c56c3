import {readFile} from 'node:fs/promises';

/**
 * The last `count` lines of a build's JSON-lines log file, as plain
 * messages: what a failed build shows under the summary.
 */
export async function readLogTail(logFile: string, count: number): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(logFile, 'utf8');
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    try {
      const record = JSON.parse(raw) as {msg?: unknown; level?: number; stream?: string; failure?: boolean};
      if (record.failure) continue; // the failure itself; the summary states it
      // Subprocess output and warnings tell what went wrong; vdist's own debug chatter does not.
      if (typeof record.msg === 'string' && (record.stream !== undefined || (record.level ?? 30) >= 30)) lines.push(record.msg);
    } catch {
      lines.push(raw);
    }
  }
  return lines.slice(-count);
}
