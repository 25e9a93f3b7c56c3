import {readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {BUILD_KEYS, vdistJsonSchema} from '../../../src/core/config/schema.js';

const shipped = resolve(dirname(fileURLToPath(import.meta.url)), '../../../schema/vdist.schema.json');

describe('JSON Schema of vdist.toml', () => {
  it('is the one generated from the validator (npm run build:schema after changing schema.ts)', () => {
    expect(JSON.parse(readFileSync(shipped, 'utf8'))).toEqual(vdistJsonSchema());
  });

  it('describes every build key and forbids unknown ones', () => {
    const schema = vdistJsonSchema() as {properties: {build: {items: {properties: Record<string, unknown>; additionalProperties: boolean}}}; required: string[]};
    expect(Object.keys(schema.properties.build.items.properties)).toEqual(BUILD_KEYS);
    expect(schema.properties.build.items.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['build']);
  });
});
