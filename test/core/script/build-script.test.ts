import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {PIP_CACHE_UNCHANGED, STAGE_MARKER, stepOfStage} from '../../../src/core/script/build-script.js';
import {BUILTIN_TEMPLATES_DIR} from '../../../src/core/support/package-root.js';

describe('build script stages', () => {
  it('reads the stage from the built-in scripts\' marker lines', () => {
    expect(STAGE_MARKER.exec('==> vdist: provision: system packages')?.[1]).toBe('provision');
    expect(STAGE_MARKER.exec('==> vdist: build: requirements')?.[1]).toBe('build');
    expect(STAGE_MARKER.exec('==> vdist: package: fpm')?.[1]).toBe('package');
    expect(STAGE_MARKER.exec('Collecting ==> vdist: build')).toBeNull();
  });

  it('maps a stage to the step a failure is reported against', () => {
    expect(stepOfStage(undefined)).toBe('provision');
    expect(stepOfStage('provision')).toBe('provision');
    expect(stepOfStage('build')).toBe('build');
    expect(stepOfStage('done')).toBe('build');
    expect(stepOfStage('package')).toBe('package');
  });
});

describe('what the built-in scripts tell vdist', () => {
  it('prints the line runBuildScript reads when pip left its cache alone', () => {
    expect(readFileSync(`${BUILTIN_TEMPLATES_DIR}/partials/python-app.sh`, 'utf8')).toContain(`echo "${PIP_CACHE_UNCHANGED}"`);
  });
});
