import {basename} from 'node:path';
import {hostArch} from '../arch.js';
import {ExitCode} from '../errors.js';
import type {CacheReport} from '../cache/image-cache.js';
import type {BuildOutcome} from './outcome.js';
import {formatDuration, formatSize} from '../support/format.js';

/** How many log lines a failed build shows under the table. */
export const FAILURE_TAIL_LINES = 40;

/**
 * The exit code a run ends with: 130 when interrupted, 2 when a build failed on
 * bad input (a lock file, a missing working_dir), 1 when a build failed, else 0.
 */
export function exitCodeFor(outcomes: readonly BuildOutcome[]): ExitCode {
  if (outcomes.some((o) => o.status === 'interrupted')) return ExitCode.interrupted;
  if (outcomes.some((o) => o.status === 'failed' && o.usage)) return ExitCode.usage;
  if (outcomes.some((o) => o.status === 'failed')) return ExitCode.buildFailed;
  return ExitCode.ok;
}

/** `hit`, `miss`, `off`, or level by level when they differ (`python hit, deps miss`). */
export function describeCache(report: CacheReport | undefined): string {
  if (!report) return '-';
  if (report.status === 'off') return 'off';
  const statuses = new Set(report.levels.map((l) => l.status));
  const pulled = report.levels.some((l) => l.source === 'registry');
  if (statuses.size <= 1 && !pulled) return report.status;
  return report.levels.map((l) => `${l.level} ${l.status}${l.source === 'registry' ? ' (registry)' : ''}`).join(', ');
}

/**
 * The ADDED DEPS cell: .deb relations as written (`libc6 (>= 2.34)`); an
 * .rpm's library capabilities once per library (`libc.so.6`), where the
 * package has one per symbol version. `--json` keeps them all.
 */
export function describeAdded(added: readonly string[]): string {
  const shown = added.filter((d) => d !== 'rtld(GNU_HASH)').map((d) => /^([^\s(]+\.so[^\s(]*)\(/.exec(d)?.[1] ?? d);
  return [...new Set(shown)].join(', ') || '-';
}

function row(outcome: BuildOutcome): string[] {
  const duration = formatDuration(outcome.durationMs);
  // A foreign architecture shows beside the profile; the host's goes without saying.
  const o = outcome.arch && outcome.arch !== hostArch() ? {...outcome, profile: `${outcome.profile} (${outcome.arch})`} : outcome;
  switch (o.status) {
    case 'ok':
      return [o.build, o.profile, 'ok', describeCache(o.cache), basename(o.packageFile), formatSize(o.sizeBytes), duration, describeAdded(o.addedDeps)];
    case 'failed':
      return [o.build, o.profile, o.timeout ? 'timeout' : `failed (${o.step})`, '-', '-', '-', duration, '-'];
    case 'interrupted':
      return [o.build, o.profile, 'interrupted', '-', '-', '-', duration, '-'];
  }
}

/** Lays rows out in columns separated by two spaces. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ').trimEnd()).join('\n');
}

/** Columns a narrow terminal loses first, in this order. */
const OPTIONAL_COLUMNS = ['ADDED DEPS', 'PROFILE', 'SIZE', 'CACHE', 'DURATION'];

/** The table, without the optional columns it must lose to fit in `width` characters. */
function fittedTable(rows: string[][], width: number | undefined): string {
  let text = table(rows);
  for (const column of OPTIONAL_COLUMNS) {
    if (width === undefined || Math.max(...text.split('\n').map((l) => l.length)) <= width) break;
    const col = rows[0]!.indexOf(column);
    rows = rows.map((r) => r.filter((_, i) => i !== col));
    text = table(rows);
  }
  return text;
}

/**
 * The summary that closes `vdist build`: one row per build (build, profile,
 * status, provisioned-image cache hit or miss, package file, size, duration, dependencies found automatically),
 * then, for every failed build, the step that failed, the error and its last
 * log lines. Given a terminal's `width`, the table drops the columns it
 * cannot fit (added deps, profile, size, cache, duration).
 */
export function renderSummary(outcomes: readonly BuildOutcome[], width?: number): string {
  if (outcomes.length === 0) return 'No builds ran.';
  const header = ['BUILD', 'PROFILE', 'STATUS', 'CACHE', 'PACKAGE', 'SIZE', 'DURATION', 'ADDED DEPS'];
  const parts = [fittedTable([header, ...outcomes.map(row)], width)];
  for (const o of outcomes) {
    if (o.status !== 'failed') continue;
    const tail = o.tail.slice(-FAILURE_TAIL_LINES);
    parts.push(
      [`${o.build} failed at step "${o.step}": ${o.error}`, ...(tail.length > 0 ? [`last ${tail.length} log lines:`, ...tail.map((l) => `  | ${l}`)] : [])].join('\n'),
    );
  }
  const ok = outcomes.filter((o) => o.status === 'ok').length;
  parts.push(`${ok} of ${outcomes.length} build${outcomes.length === 1 ? '' : 's'} succeeded.`);
  return parts.join('\n\n');
}

/** The `--json` form of the summary: what `vdist build --json` prints on stdout. */
export function summaryJson(outcomes: readonly BuildOutcome[]): {exitCode: number; builds: BuildOutcome[]} {
  return {exitCode: exitCodeFor(outcomes), builds: outcomes.map((o) => (o.status === 'failed' ? {...o, tail: o.tail.slice(-FAILURE_TAIL_LINES)} : o))};
}
