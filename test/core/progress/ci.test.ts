import {describe, expect, it} from 'vitest';
import {detectCi, githubError, sectionMarkers, Sections} from '../../../src/core/progress/ci.js';

describe('CI conventions', () => {
  it('knows GitHub Actions and GitLab CI by their variables', () => {
    expect(detectCi({GITHUB_ACTIONS: 'true'})).toBe('github');
    expect(detectCi({GITLAB_CI: 'true'})).toBe('gitlab');
    expect(detectCi({CI: 'true'})).toBeUndefined();
  });

  it('writes error annotations with file and line, escaping what would end them', () => {
    expect(githubError({file: './vdist.toml', line: 12, title: 'a: b, c', message: '50% done\nnext'})).toBe('::error file=vdist.toml,line=12,title=a%3A b%2C c::50%25 done%0Anext');
    expect(githubError({message: 'plain'})).toBe('::error::plain');
  });

  it('marks GitLab sections with a timestamp and a safe name', () => {
    const m = sectionMarkers('gitlab', 'app :: debian', () => 1_700_000_000_999);
    expect(m.open()).toBe('\u001B[0Ksection_start:1700000000:vdist_app_debian[collapsed=true]\r\u001B[0Kapp :: debian');
    expect(m.close()).toBe('\u001B[0Ksection_end:1700000000:vdist_app_debian\r\u001B[0K');
  });

  it('never interleaves sections: a second build waits for the first to end', () => {
    const out: string[] = [];
    const sections = new Sections((l) => out.push(l), (t) => sectionMarkers('github', t));
    sections.line('a', 'a1');
    sections.line('b', 'b1');
    sections.line('a', 'a2');
    sections.line('c', 'c1');
    sections.end('c');
    sections.end('a');
    sections.line('b', 'b2');
    sections.flush();
    expect(out).toEqual(['::group::a', 'a1', 'a2', '::endgroup::', '::group::b', 'b1', 'b2', '::endgroup::', '::group::c', 'c1', '::endgroup::']);
  });
});
