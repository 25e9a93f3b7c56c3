import {appendFile, readFile} from 'node:fs/promises';
import {join} from 'node:path';

const MARK = '# vdist: flag values';

/**
 * Bash: wraps the plugin's `_<bin>_autocomplete` so `--only` completes build
 * names and `--profile` / `profiles show|validate` complete profile names,
 * asked of `<bin> complete` (which honours -c/--config on the line).
 */
export function bashValues(bin: string): string {
  const fn = `_${bin.replaceAll(/[^A-Za-z0-9_]/g, '_')}`;
  return `
${MARK}: build names and profile names, asked of ${bin} itself
${fn}_values()
{
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" kind="" config=() i
  case "$prev" in
    --only) kind=builds ;;
    --profile) kind=profiles ;;
    show|validate) [[ "\${COMP_WORDS[1]}" == profiles ]] && kind=profiles ;;
  esac
  if [[ -z "$kind" ]]; then ${fn}_autocomplete; return; fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -c|--config) config=(--config "\${COMP_WORDS[i+1]}") ;;
      --config=*) config=("\${COMP_WORDS[i]}") ;;
    esac
  done
  local IFS=$'\\n' value
  COMPREPLY=()
  for value in $(compgen -W "$(${bin} complete "$kind" "\${config[@]}" 2>/dev/null)" -- "$cur"); do
    COMPREPLY+=("$(printf '%q' "$value")")
  done
}
complete -F ${fn}_values ${bin}
`;
}

/** Zsh: the same values, tried before the plugin's own `_<bin>` function. */
export function zshValues(bin: string): string {
  const fn = `_${bin.replaceAll(/[^A-Za-z0-9_]/g, '_')}`;
  return `
${MARK}: build names and profile names, asked of ${bin} itself
${fn}_values () {
  local kind="" config=() i
  case "\${words[CURRENT-1]}" in
    --only) kind=builds ;;
    --profile) kind=profiles ;;
    show|validate) [[ "\${words[2]}" == profiles ]] && kind=profiles ;;
  esac
  if [[ -z "$kind" ]]; then ${fn}; return; fi
  for ((i = 2; i < CURRENT; i++)); do
    case "\${words[i]}" in
      -c|--config) config=(--config "\${words[i+1]}") ;;
    esac
  done
  local -a values
  values=("\${(@f)$(${bin} complete "$kind" "\${config[@]}" 2>/dev/null)}")
  compadd -a values
}
compdef ${fn}_values ${bin}
`;
}

/** Appends the value completion to the plugin's generated bash and zsh files (once). */
export async function addValueCompletion(cacheDir: string, bin: string): Promise<void> {
  const dir = join(cacheDir, 'autocomplete', 'functions');
  const targets: Array<[string, string]> = [
    [join(dir, 'bash', `${bin}.bash`), bashValues(bin)],
    [join(dir, 'zsh', `_${bin}`), zshValues(bin)],
  ];
  for (const [file, snippet] of targets) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined && !text.includes(MARK)) await appendFile(file, snippet);
  }
}
