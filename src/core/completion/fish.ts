/** What the fish script needs of a command: its id (`profiles:show`), summary and flags. */
export interface CompletableCommand {
  id: string;
  summary?: string;
  hidden?: boolean;
  flags: Record<string, {name: string; char?: string; summary?: string; description?: string; type: string; options?: readonly string[]; hidden?: boolean}>;
}

/** Flags whose values vdist itself lists (`<bin> complete KIND`). */
const DYNAMIC: Record<string, 'builds' | 'profiles'> = {only: 'builds', profile: 'profiles'};
/** Commands whose argument is a profile name. */
const PROFILE_ARGUMENT = new Set(['profiles:show', 'image:bootstrap']);

const quote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0]!;

/**
 * A fish completion script for `bin` (@oclif/plugin-autocomplete writes
 * bash, zsh and PowerShell only): commands and topics, each command's flags
 * with their fixed options, and build and profile names asked of
 * `<bin> complete`. Save it as ~/.config/fish/completions/<bin>.fish.
 */
export function fishScript(bin: string, commands: readonly CompletableCommand[]): string {
  const fn = `__${bin.replaceAll(/[^A-Za-z0-9_]/g, '_')}`;
  const out = [
    `# fish completion for ${bin}, written by \`${bin} autocomplete fish\``,
    `function ${fn}_command_is --description 'Are the words typed so far (before any flag) exactly these?'`,
    '    set -l words (commandline -opc)',
    '    set -e words[1]',
    '    set -l command',
    '    for w in $words',
    "        string match -q -- '-*' $w; and break",
    '        set -a command $w',
    '    end',
    '    test "$command" = "$argv"',
    'end',
    `function ${fn}_values --description 'Build or profile names, from the vdist.toml on the line (-c) or here'`,
    '    set -l words (commandline -opc)',
    '    set -l config',
    '    for i in (seq (count $words))',
    '        if contains -- $words[$i] -c --config; and test $i -lt (count $words)',
    '            set config --config $words[(math $i + 1)]',
    '        end',
    '    end',
    `    ${bin} complete $argv[1] $config 2>/dev/null`,
    'end',
    `complete -c ${bin} -f`,
  ];
  const visible = commands.filter((c) => !c.hidden);
  // Each level's words: top-level commands and topics, then each topic's subcommands.
  const children = new Map<string, Map<string, string>>();
  for (const c of visible) {
    const words = c.id.split(':');
    words.forEach((word, i) => {
      const parent = words.slice(0, i).join(' ');
      if (!children.has(parent)) children.set(parent, new Map());
      const summary = i === words.length - 1 ? firstLine(c.summary) : '';
      if (!children.get(parent)!.has(word) || summary) children.get(parent)!.set(word, summary);
    });
  }
  for (const [parent, words] of children) {
    for (const [word, summary] of words) {
      out.push(`complete -c ${bin} -n ${quote(`${fn}_command_is ${parent}`.trimEnd())} -a ${quote(word)}${summary ? ` -d ${quote(summary)}` : ''}`);
    }
  }
  for (const c of visible) {
    const condition = `-n ${quote(`${fn}_command_is ${c.id.replaceAll(':', ' ')}`)}`;
    if (PROFILE_ARGUMENT.has(c.id)) out.push(`complete -c ${bin} ${condition} -a ${quote(`(${fn}_values profiles)`)}`);
    for (const flag of Object.values(c.flags)) {
      if (flag.hidden) continue;
      const parts = [`complete -c ${bin}`, condition, `-l ${flag.name}`];
      if (flag.char) parts.push(`-s ${flag.char}`);
      if (flag.type === 'option') {
        // -x: a value is required and only these values complete; -r -F: a path.
        const dynamic = DYNAMIC[flag.name];
        if (dynamic) parts.push(`-x -a ${quote(`(${fn}_values ${dynamic})`)}`);
        else if (flag.options) parts.push(`-x -a ${quote(flag.options.join(' '))}`);
        else parts.push(flag.name === 'config' || flag.name === 'output' ? '-r -F' : '-r');
      }
      const summary = firstLine(flag.summary ?? flag.description);
      if (summary) parts.push(`-d ${quote(summary)}`);
      out.push(parts.join(' '));
    }
  }
  return `${out.join('\n')}\n`;
}
