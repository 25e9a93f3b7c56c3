/** The parts of Handlebars' AST this check reads. */
interface Node {
  type: string;
  loc?: {start: {line: number}};
  body?: Node[];
  path?: Node;
  params?: Node[];
  hash?: {pairs: Array<{value: Node}>};
  program?: Node;
  inverse?: Node;
  parts?: string[];
  original?: string;
  data?: boolean;
  depth?: number;
}

/** A variable a template uses that the context lacks. */
export interface UnknownVariable {
  name: string;
  line?: number;
}

// Blocks whose body sees another context (an item, a sub-object): names there are not the build's.
const SCOPING_HELPERS = new Set(['each', 'with']);

/**
 * Finds every variable a template reads from the top-level context that the
 * context does not have. Handlebars' strict mode misses names used as helper
 * arguments (`{{#if compile_pyhton}}` would quietly be false), so the whole
 * template is checked before it renders.
 */
export function unknownVariables(ast: Node, context: object, helpers: ReadonlySet<string>): UnknownVariable[] {
  const found: UnknownVariable[] = [];
  const checkPath = (p: Node, scoped: boolean) => {
    if (p.type !== 'PathExpression' || p.data || scoped || (p.depth ?? 0) > 0 || !p.parts || p.parts.length === 0) return;
    const name = p.parts[0]!;
    if (!(name in context)) found.push({name, line: p.loc?.start.line});
  };
  const checkArgs = (n: Node, scoped: boolean) => {
    for (const param of n.params ?? []) visit(param, scoped);
    for (const pair of n.hash?.pairs ?? []) visit(pair.value, scoped);
  };
  const isHelperCall = (n: Node) =>
    (n.params?.length ?? 0) > 0 || (n.hash?.pairs.length ?? 0) > 0 || helpers.has(n.path?.original ?? '');
  const visit = (n: Node | undefined, scoped: boolean): void => {
    if (!n) return;
    switch (n.type) {
      case 'Program':
        for (const child of n.body ?? []) visit(child, scoped);
        break;
      case 'MustacheStatement':
      case 'SubExpression':
        if (isHelperCall(n)) checkArgs(n, scoped);
        else checkPath(n.path!, scoped);
        break;
      case 'BlockStatement': {
        checkArgs(n, scoped);
        if (!isHelperCall(n)) checkPath(n.path!, scoped);
        const inner = scoped || SCOPING_HELPERS.has(n.path?.original ?? '') || !isHelperCall(n);
        visit(n.program, inner);
        visit(n.inverse, scoped);
        break;
      }
      case 'PathExpression':
        checkPath(n, scoped);
        break;
      default:
        break;
    }
  };
  visit(ast, false);
  return found;
}
