import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {jinjaTemplateError} from '../../../src/core/template/jinja.js';
import {REPO_ROOT} from '../../helpers/run-cli.js';

describe('jinjaTemplateError', () => {
  it("finds the original's Jinja2 statements and filters, on their line", () => {
    expect(jinjaTemplateError('#!/bin/bash\n\n{% if build_deps %}\n', 'x.sh')?.problems[0]?.line).toBe(3);
    expect(jinjaTemplateError("#!/bin/bash\napt-get install -y {{ build_deps|join(' ') }}\n", 'x.sh')?.problems[0]?.line).toBe(2);
  });

  it('leaves Handlebars alone: block params, comments, and bash ${#x} and ${x%y}', () => {
    const hbs = '{{#each runtime_deps as |dep|}}{{dep}}{{/each}}\n{{!-- a | b --}}\nn=${#deps[@]}; f=${name%.sh}\n';
    expect(jinjaTemplateError(hbs, 'x.sh')).toBeUndefined();
  });

  it("is silent on vdist's own templates and partials", () => {
    const dirs = [join(REPO_ROOT, 'templates'), join(REPO_ROOT, 'templates/partials')];
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.sh')).map((f) => join(d, f)));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect(jinjaTemplateError(readFileSync(f, 'utf8'), f), f).toBeUndefined();
  });
});
