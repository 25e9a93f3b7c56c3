/**
 * Turns the original's `str.format(**os.environ)` fields into vdist.toml's
 * `${VAR}`: `{VAR}` becomes `${VAR}`, `{{` and `}}` become `{` and `}`.
 * A field with a conversion, a format spec or an index cannot be expressed:
 * it is kept as written and returned in `unsupported`.
 */
export function fromPythonFormat(value: string): {value: string; unsupported: string[]} {
  const unsupported: string[] = [];
  const out = value.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (match, field: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(field!)) return `\${${field}}`;
    unsupported.push(match);
    return match;
  });
  return {value: out, unsupported};
}
