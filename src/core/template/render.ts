import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import Handlebars from 'handlebars';
import {ConfigError} from '../errors.js';
import {BUILTIN_TEMPLATES_DIR} from '../support/package-root.js';
import {unknownVariables} from './check-variables.js';
import {jinjaTemplateError} from './jinja.js';
import {shellValue} from './shell-quote.js';

type CompilerClass = new (...args: unknown[]) => {
  pushSource(s: unknown): void;
  appendToBuffer(parts: unknown[]): unknown;
  aliasable(name: string): unknown;
  popStack(): unknown;
};

const QUOTE_HELPER = '__vdist_shell_quote';

/**
 * An isolated Handlebars instance for build scripts. `{{x}}` does not
 * HTML-escape: it renders the value as shell-quoted words (see shellValue),
 * so a value can never break out of its place in a command line. `{{{x}}}`
 * stays raw. Strict: a variable missing from the context is an error.
 */
function createShellHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  const Base = (hb as unknown as {JavaScriptCompiler: CompilerClass}).JavaScriptCompiler;
  // The escape step is compiled in; a compiler subclass is Handlebars' supported
  // way to change it without touching the escape function every instance shares.
  class ShellCompiler extends Base {
    appendEscaped(): void {
      // The empty object stands in for the options argument Handlebars' helper wrapper expects last.
      this.pushSource(this.appendToBuffer([this.aliasable(`helpers.${QUOTE_HELPER}`), '(', this.popStack(), ', {})']));
    }
  }
  (ShellCompiler.prototype as unknown as {compiler: CompilerClass}).compiler = ShellCompiler;
  (hb as unknown as {JavaScriptCompiler: CompilerClass}).JavaScriptCompiler = ShellCompiler;
  hb.registerHelper(QUOTE_HELPER, (value: unknown) => (value instanceof hb.SafeString ? value.toHTML() : shellValue(value)));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  return hb;
}

const shellHandlebars = createShellHandlebars();

/** Partial sources by name (`{{> name}}`), with the file each came from for error messages. */
export type Partials = Record<string, {source: string; file: string}>;

/** Renders template text. `name` (the template's path) appears in every error. */
export function renderTemplateString(source: string, context: object, name: string, partials: Partials = {}): string {
  const compiledPartials: Record<string, HandlebarsTemplateDelegate> = {};
  const pending = [...partialsUsed(checkVariables(source, context, name))];
  // Only the partials a template includes (directly or through another partial) are checked.
  while (pending.length > 0) {
    const partial = pending.pop()!;
    const found = partials[partial];
    if (!found || compiledPartials[partial]) continue;
    compiledPartials[partial] = compile(found.source, found.file);
    pending.push(...partialsUsed(checkVariables(found.source, context, found.file)));
  }
  const template = compile(source, name);
  try {
    return template(context, {partials: compiledPartials});
  } catch (error) {
    throw renderError(error as Error, name);
  }
}

/**
 * Reads and renders a template file. Its partials are the `partials/*.sh`
 * beside it (a user's profiles_dir) over the built-in ones, so a user script
 * can reuse vdist's stages and replace any one of them.
 */
export function renderTemplateFile(path: string, context: object): string {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([{file: path, message: 'build script template not found: put it in profiles_dir, or use a built-in script (debian.sh, centos.sh)'}], {code: 'TEMPLATE'});
  }
  return renderTemplateString(source, context, path, {...readPartials(BUILTIN_TEMPLATES_DIR), ...readPartials(dirname(path))});
}

function readPartials(templatesDir: string): Partials {
  const dir = join(templatesDir, 'partials');
  if (!existsSync(dir)) return {};
  const partials: Partials = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sh'))) {
    partials[basename(file, '.sh')] = {source: readFileSync(join(dir, file), 'utf8'), file: join(dir, file)};
  }
  return partials;
}

// Handlebars' strict mode misses names used as helper arguments, so every template is checked first.
function checkVariables(source: string, context: object, name: string): hbs.AST.Program {
  const jinja = jinjaTemplateError(source, name);
  if (jinja) throw jinja;
  let ast: hbs.AST.Program;
  try {
    ast = shellHandlebars.parse(source);
  } catch (error) {
    throw renderError(error as Error, name);
  }
  const unknown = unknownVariables(ast as never, context, new Set(Object.keys(shellHandlebars.helpers)));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((u) => ({file: name, line: u.line, message: unknownMessage(u.name)})),
      {code: 'TEMPLATE'},
    );
  }
  return ast;
}

/** Names of the partials a template includes with `{{> name}}`. */
function partialsUsed(node: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) partialsUsed(child, names);
  } else if (node && typeof node === 'object') {
    const n = node as {type?: string; name?: {original?: unknown}};
    if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && typeof n.name?.original === 'string') names.add(n.name.original);
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') partialsUsed(value, names);
  }
  return names;
}

function compile(source: string, name: string): HandlebarsTemplateDelegate {
  try {
    return shellHandlebars.compile(source, {strict: true, noEscape: false});
  } catch (error) {
    throw renderError(error as Error, name);
  }
}

function renderError(e: Error & {lineNumber?: number}, name: string): ConfigError {
  if (e instanceof ConfigError) return e;
  const missing = /^"([^"]+)" not defined in/.exec(e.message);
  const partial = /^The partial (.+) could not be found/.exec(e.message);
  const message = missing
    ? unknownMessage(missing[1]!)
    : partial
      ? `unknown partial "${partial[1]}": put ${partial[1]}.sh in a partials/ directory beside the script`
      : `cannot render: ${e.message}`;
  return new ConfigError([{file: name, line: e.lineNumber ?? parseErrorLine(e.message), message}], {code: 'TEMPLATE'});
}

function parseErrorLine(message: string): number | undefined {
  const m = /Parse error on line (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

const unknownMessage = (variable: string) => `unknown variable "${variable}": the template context has no such key (the README lists the ones there are, under "Build scripts and the template context")`;
