/**
 * The conventions CI systems read in a job's log: GitHub Actions' workflow
 * commands (`::group::`, `::error file=…,line=…::`) and GitLab's
 * collapsible sections.
 */

export type CiKind = 'github' | 'gitlab';

/** Which CI's conventions apply, from the variables each CI sets in every job. */
export function detectCi(env: Record<string, string | undefined>): CiKind | undefined {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  return undefined;
}

/** A workflow command's message: `%`, CR and LF escaped (GitHub's own toolkit escapes these). */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command's property value: also `:` and `,`, which end it. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** Where an annotation points, and what it says. */
export interface Annotation {
  file?: string;
  line?: number;
  title?: string;
  message: string;
}

/** `::error file=vdist.toml,line=12,title=…::message`: GitHub shows it on the file's line in the diff. */
export function githubError(a: Annotation): string {
  const props = [
    ...(a.file ? [`file=${escapeProperty(a.file.replace(/^\.\//, ''))}`] : []),
    ...(a.line !== undefined ? [`line=${a.line}`] : []),
    ...(a.title ? [`title=${escapeProperty(a.title)}`] : []),
  ];
  return `::error${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(a.message)}`;
}

/** GitLab's section names allow letters, digits, `_`, `.` and `-`. */
function gitlabSectionName(title: string): string {
  return `vdist_${title.replaceAll(/[^A-Za-z0-9_.-]+/g, '_')}`;
}

// GitLab's marker format: ESC[0K erases the marker from the rendered line.
const ERASE = '\u001B[0K';

/** The lines that open and close a folded section titled `title`. */
export function sectionMarkers(ci: CiKind, title: string, now: () => number = Date.now): {open: () => string; close: () => string} {
  if (ci === 'github') return {open: () => `::group::${escapeData(title)}`, close: () => '::endgroup::'};
  const name = gitlabSectionName(title);
  const seconds = () => Math.floor(now() / 1000);
  return {
    open: () => `${ERASE}section_start:${seconds()}:${name}[collapsed=true]\r${ERASE}${title}`,
    close: () => `${ERASE}section_end:${seconds()}:${name}\r${ERASE}`,
  };
}

/**
 * Keeps each build's lines in one folded section although builds run at
 * once: CI sections cannot interleave. The first build to speak gets the
 * open section and streams live; the others' lines wait until it ends, then
 * the next one's section opens with what it has so far.
 */
export class Sections {
  private open?: string;
  private readonly waiting = new Map<string, string[]>();
  private readonly ended = new Set<string>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly markers: (title: string) => {open: () => string; close: () => string},
  ) {}

  /** A line of build `build`'s section. */
  line(build: string, text: string): void {
    if (this.open === undefined && !this.ended.has(build)) this.begin(build);
    if (this.open === build) this.write(text);
    else this.waiting.set(build, [...(this.waiting.get(build) ?? []), text]);
  }

  /** Build `build` has ended: its section closes (now, or once its turn comes). */
  end(build: string): void {
    this.ended.add(build);
    if (this.open !== build) return;
    this.write(this.markers(build).close());
    this.open = undefined;
    this.next();
  }

  /** Flushes every waiting section (the run is over). */
  flush(): void {
    for (const build of this.waiting.keys()) this.ended.add(build);
    if (this.open !== undefined) this.end(this.open);
    else this.next();
  }

  private begin(build: string): void {
    this.open = build;
    this.write(this.markers(build).open());
    for (const text of this.waiting.get(build) ?? []) this.write(text);
    this.waiting.delete(build);
  }

  private next(): void {
    const [build] = this.waiting.keys();
    if (build === undefined) return;
    this.begin(build);
    if (this.ended.has(build)) this.end(build);
  }
}
