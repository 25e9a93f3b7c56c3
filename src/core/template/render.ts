import {readFileSync} from 'node:fs';
import Handlebars from 'handlebars';
import {ConfigError} from '../errors.js';
import {unknownVariables} from './check-variables.js';
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

/** Renders template text. `name` (the template's path) appears in every error. */
export function renderTemplateString(source: string, context: object, name: string): string {
  try {
    const unknown = unknownVariables(shellHandlebars.parse(source) as never, context, new Set(Object.keys(shellHandlebars.helpers)));
    if (unknown.length > 0) {
      throw new ConfigError(
        unknown.map((u) => ({file: name, line: u.line, message: unknownMessage(u.name)})),
        {code: 'TEMPLATE'},
      );
    }
    const template = shellHandlebars.compile(source, {strict: true, noEscape: false});
    return template(context);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const e = error as Error & {lineNumber?: number};
    const missing = /^"([^"]+)" not defined in/.exec(e.message);
    const message = missing
      ? unknownMessage(missing[1]!)
      : `cannot render: ${e.message.split('\n')[0]}${e.message.includes('\n') ? `\n${e.message.split('\n').slice(1).join('\n')}` : ''}`;
    throw new ConfigError([{file: name, line: e.lineNumber ?? parseErrorLine(e.message), message}], {code: 'TEMPLATE'});
  }
}

/** Reads and renders a template file. */
export function renderTemplateFile(path: string, context: object): string {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([{file: path, message: 'build script template not found: put it in profiles_dir, or use a built-in script (debian.sh, centos.sh)'}], {code: 'TEMPLATE'});
  }
  return renderTemplateString(source, context, path);
}

function parseErrorLine(message: string): number | undefined {
  const m = /Parse error on line (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

const unknownMessage = (variable: string) => `unknown variable "${variable}": the template context has no such key (see docs/templates.md for the ones there are)`;
