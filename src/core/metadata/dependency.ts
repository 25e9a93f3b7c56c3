/**
 * Package relations as fpm takes them (`name (>= 1.0)` or `name >= 1.0`),
 * rendered in each format's own syntax.
 */
export interface Dependency {
  name: string;
  /** Normalised to rpm's spelling: <, <=, =, >=, >. */
  op?: '<' | '<=' | '=' | '>=' | '>';
  version?: string;
}

const OPS: Record<string, Dependency['op']> = {'<<': '<', '<': '<', '<=': '<=', '=': '=', '==': '=', '>=': '>=', '>>': '>', '>': '>'};

/** Parses one relation; throws a RangeError naming the text when it is not one. */
export function parseDependency(text: string): Dependency {
  const op = '(<<|>>|<=|>=|==|=|<|>)';
  const version = '([^\\s()<>=][^\\s()]*)';
  // rpm capabilities carry their arguments in the name: python(abi), perl(Foo::Bar), and the
  // library capabilities rpm's elfdeps writes, libc.so.6()(64bit), libc.so.6(GLIBC_2.34)(64bit).
  const m = new RegExp(`^\\s*([^\\s()<>=]+(?:\\([^\\s()<>=]*\\))*)\\s*(?:\\(\\s*${op}\\s*${version}\\s*\\)|${op}\\s*${version})?\\s*$`).exec(text);
  const opText = m?.[2] ?? m?.[4];
  const relation = opText === undefined ? undefined : OPS[opText];
  if (!m || (opText !== undefined && relation === undefined)) {
    throw new RangeError(`"${text}" is not a dependency: write "name", "name (>= 1.0)" or "name >= 1.0"`);
  }
  return relation ? {name: m[1]!, op: relation, version: m[3] ?? m[5]!} : {name: m[1]!};
}

/** Debian's spelling: `name (>= 1.0)`, with `<<`/`>>` for strict comparisons. */
export function debRelation(d: Dependency): string {
  if (!d.op) return d.name;
  const op = d.op === '<' ? '<<' : d.op === '>' ? '>>' : d.op;
  return `${d.name} (${op} ${d.version})`;
}

export const RPMSENSE = {
  LESS: 0x02,
  GREATER: 0x04,
  EQUAL: 0x08,
  INTERP: 0x100,
  SCRIPT_PRE: 0x200,
  SCRIPT_POST: 0x400,
  SCRIPT_PREUN: 0x800,
  SCRIPT_POSTUN: 0x1000,
  RPMLIB: 0x01000000,
} as const;

/** rpm's sense flags for a comparison operator. */
export function rpmFlags(d: Dependency): number {
  switch (d.op) {
    case '<': return RPMSENSE.LESS;
    case '<=': return RPMSENSE.LESS | RPMSENSE.EQUAL;
    case '=': return RPMSENSE.EQUAL;
    case '>=': return RPMSENSE.GREATER | RPMSENSE.EQUAL;
    case '>': return RPMSENSE.GREATER;
    default: return 0;
  }
}
