import {ConfigError, type ConfigProblem} from '../errors.js';
import {interpolate, parseIni, sectionView} from './configparser.js';
import type {OriginalConfig} from './types.js';

/**
 * Reads the INI file of the 2.x `vdist batch FILE`: one build per section,
 * [DEFAULT] merged into each, ${key} and ${section:key} resolved as
 * ConfigParser's ExtendedInterpolation resolves them. Values stay strings,
 * as the original's Configuration received them.
 */
export function readIni(text: string, file: string): OriginalConfig {
  const {ini, problems} = parseIni(text, file);
  if (problems.length === 0 && ini.sections.length === 0) {
    problems.push({file, message: 'no [section]: each section of a `vdist batch` file is one build (only [DEFAULT] was found)'});
  }
  const builds = ini.sections.map((section) => {
    const args: Record<string, unknown> = {};
    const keyLines: Record<string, number> = {};
    const keyOrigin: Record<string, string> = {};
    for (const [key, option] of sectionView(ini, section)) {
      keyLines[key] = option.line;
      keyOrigin[key] = section.options.has(key) ? section.name : 'DEFAULT';
      try {
        args[key] = interpolate(ini, section.name, option.raw);
      } catch (error) {
        problems.push({file, line: option.line, key, message: `${(error as Error).message} (while reading [${section.name}])`} satisfies ConfigProblem);
      }
    }
    return {style: 'strings' as const, name: section.name, args, file, line: section.line, keyLines, keyOrigin};
  });
  if (problems.length > 0) throw new ConfigError(dedupe(problems), {code: 'IMPORT'});
  return {kind: 'ini', builds, tool: {}, warnings: []};
}

// A bad [DEFAULT] value is reported once, not once per section.
function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Map<string, ConfigProblem>();
  for (const p of problems) {
    const k = `${p.line}\0${p.key}`;
    if (!seen.has(k)) seen.set(k, p);
  }
  return [...seen.values()];
}
