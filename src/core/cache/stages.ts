import {VdistError} from '../errors.js';

/**
 * The stages a build script is split into, each run in its own container:
 * `provision` (system packages, CPython; cached as the first image level),
 * `build-deps` (build_deps; the second level, on top of the first) and
 * `build` (virtualenv, requirements, app; never cached).
 */
export const STAGES = ['provision', 'build-deps', 'build'] as const;
export type Stage = (typeof STAGES)[number];

/** `#### stage: NAME ...`: starts a stage's section, up to the next such line. */
const STAGE_LINE = /^#### stage: ([A-Za-z0-9_-]+)/;

/**
 * A rendered script cut at its stage lines. `header` is everything before the
 * first one (the prelude: variables and helper functions), shared by every stage.
 */
export interface StagedScript {
  header: string;
  sections: Array<{stage: Stage; text: string}>;
}

/**
 * Cuts a rendered script at its `#### stage:` lines. Undefined when the
 * script has no `provision` and `build` sections (a user's script written
 * before stages): such a build runs its whole script and is not cached.
 */
export function splitStages(script: string, where: string): StagedScript | undefined {
  const lines = script.split('\n');
  const header: string[] = [];
  const sections: Array<{stage: Stage; lines: string[]}> = [];
  for (const line of lines) {
    const m = STAGE_LINE.exec(line);
    if (m) {
      const stage = m[1]!;
      if (!(STAGES as readonly string[]).includes(stage)) {
        throw new VdistError(`${where}: unknown stage "${stage}" in "${line.trim()}"`, {
          code: 'TEMPLATE',
          exit: 2,
          suggestions: [`Stages are ${STAGES.join(', ')}`],
        });
      }
      sections.push({stage: stage as Stage, lines: [line]});
    } else if (sections.length > 0) {
      sections.at(-1)!.lines.push(line);
    } else {
      header.push(line);
    }
  }
  const present = new Set(sections.map((s) => s.stage));
  if (!present.has('provision') || !present.has('build')) return undefined;
  return {header: header.join('\n'), sections: sections.map((s) => ({stage: s.stage, text: s.lines.join('\n')}))};
}

/** The script that runs `stages` only: the header, then their sections in the order they appear. */
export function stageScript(staged: StagedScript, stages: readonly Stage[]): string {
  const body = staged.sections.filter((s) => stages.includes(s.stage)).map((s) => s.text);
  return `${[staged.header, ...body].join('\n').trimEnd()}\n`;
}

/** Whether the script has a section for `stage`. */
export function hasStage(staged: StagedScript, stage: Stage): boolean {
  return staged.sections.some((s) => s.stage === stage);
}
