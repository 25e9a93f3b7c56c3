import {execFileSync} from 'node:child_process';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../../src/core/errors.js';
import {renderTemplateFile, renderTemplateString} from '../../../src/core/template/render.js';
import {shellQuote} from '../../../src/core/template/shell-quote.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/templates');

describe('renderTemplateFile', () => {
  it('renders values as shell-quoted words and arrays as quoted words', () => {
    const out = renderTemplateFile(join(fixtures, 'quoting.sh'), {app: "it's $(rm -rf /)", build_deps: ['gcc', 'lib foo'], note: '"raw"', flag: true});
    expect(out).toBe(`#!/bin/sh\napp='it'\\''s $(rm -rf /)'\ndeps=(gcc 'lib foo')\nraw="raw"\nflag=on\ndep gcc\ndep 'lib foo'\n`);
  });

  it('gives words a shell reads back exactly', () => {
    const values = ["it's", 'a b', '$HOME', '`x`', '"q"', '', 'back\\slash', 'new\nline'];
    const script = values.map((v) => `printf '%s\\0' ${shellQuote(v)}`).join('\n');
    expect(execFileSync('sh', ['-c', script], {encoding: 'utf8'}).split('\0').slice(0, -1)).toEqual(values);
  });

  it('renders an empty array as nothing and a missing optional value as an empty word', () => {
    expect(renderTemplateString('a=({{x}}) b={{y}}', {x: [], y: undefined}, 't')).toBe("a=() b=''");
  });

  it('names the missing variable, the template and the line', () => {
    const path = join(fixtures, 'missing-variable.sh');
    try {
      renderTemplateFile(path, {app: 'x'});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([{file: path, line: 3, message: 'unknown variable "no_such_key": the template context has no such key (the README lists the ones there are, under "Build scripts and the template context")'}]);
    }
  });

  it('reports a template syntax error with its line', () => {
    const path = join(fixtures, 'parse-error.sh');
    expect(() => renderTemplateFile(path, {app: 'x'})).toThrow(/parse-error.sh:\d+: cannot render: Parse error/);
  });

  it('says when the template file is missing', () => {
    expect(() => renderTemplateFile('/nonexistent/x.sh', {})).toThrow(/x.sh: build script template not found/);
  });

  it('leaves the shared Handlebars escaping alone', async () => {
    const {default: Handlebars} = await import('handlebars');
    expect(Handlebars.compile('{{x}}')({x: "<a b='c'>"})).toBe('&lt;a b&#x3D;&#x27;c&#x27;&gt;');
  });
});

describe('helpers', () => {
  it('eq compares values inside #if', () => {
    expect(renderTemplateString('{{#if (eq format "deb")}}apt{{else}}dnf{{/if}}', {format: 'rpm'}, 't')).toBe('dnf');
  });
});

describe('unknown variables', () => {
  it('are found in helper arguments too, each with its line', () => {
    const source = '{{#if compile_pyhton}}\nx\n{{/if}}\n{{#each build_deps}}{{this}} {{name}}{{/each}}\n{{#if (eq fromat "deb")}}y{{/if}}\n{{@root.app}}\n';
    try {
      renderTemplateString(source, {compile_python: true, build_deps: ['a'], app: 'x'}, 'script.sh');
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => `${p.line}: ${p.message.split(':')[0]}`)).toEqual(['1: unknown variable "compile_pyhton"', '5: unknown variable "fromat"']);
    }
  });
});

describe('partials', () => {
  const userDir = join(fixtures, 'user-profiles');

  it('includes partials from partials/ beside the script, a user partial winning over the built-in of the same name', () => {
    expect(renderTemplateFile(join(userDir, 'uses-partials.sh'), {app: 'my app', install_dir: '/opt/x'})).toBe(
      "#!/bin/sh\necho hello 'my app'\n# my own build stage\necho building 'my app' into /opt/x\n",
    );
  });

  it('renders partials given to renderTemplateString', () => {
    expect(renderTemplateString('{{> prelude}}done\n', {app: 'a b'}, 't', {prelude: {source: 'app={{app}}\n', file: 'prelude.sh'}})).toBe("app='a b'\ndone\n");
  });

  it('names an unknown partial and says where to put it', () => {
    expect(() => renderTemplateFile(join(userDir, 'unknown-partial.sh'), {app: 'x'})).toThrow(/unknown partial "no-such-partial": put no-such-partial\.sh in a partials\/ directory/);
  });

  it('checks the variables of an included partial, naming the partial file and line', () => {
    try {
      renderTemplateFile(join(userDir, 'typo-in-partial.sh'), {app: 'x'});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        expect.objectContaining({file: join(userDir, 'partials', 'typo.sh'), line: 1, message: expect.stringContaining('unknown variable "ap"')}),
      ]);
    }
  });
});
