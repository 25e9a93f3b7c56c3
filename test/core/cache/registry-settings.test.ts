import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {registrySettings} from '../../../src/core/cache/registry-settings.js';
import {loadToolSettings} from '../../../src/core/config/load.js';
import {UsageError} from '../../../src/core/errors.js';
import {buildRunOptions} from '../../../src/core/pipeline/plan.js';
import {BASE, load} from '../config/load-helpers.js';

const signal = new AbortController().signal;
const BUILD = `${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`;

describe('the cache registry settings', () => {
  it('reads [vdist] cache_registry, cache_push and cache_registry_insecure; pushing is off unless asked for', () => {
    const settings = load(`[vdist]\ncache_registry = "127.0.0.1:5000/team/vdist-cache"\n${BUILD}`).settings;
    expect(buildRunOptions(settings, {}, signal).cacheRegistry).toEqual({reference: '127.0.0.1:5000/team/vdist-cache', push: false, insecure: false});
    const pushing = load(`[vdist]\ncache_registry = "registry.example.com/ci"\ncache_push = "always"\ncache_registry_insecure = true\n${BUILD}`).settings;
    expect(buildRunOptions(pushing, {}, signal).cacheRegistry).toEqual({reference: 'registry.example.com/ci', push: true, insecure: true});
    expect(buildRunOptions(load(BUILD).settings, {}, signal).cacheRegistry).toBeUndefined();
  });

  it('lets --cache-registry and --cache-push / --no-cache-push override the config', () => {
    const settings = load(`[vdist]\ncache_registry = "registry.example.com/ci"\ncache_push = "always"\n${BUILD}`).settings;
    expect(registrySettings(settings, {'cache-push': false})).toMatchObject({reference: 'registry.example.com/ci', push: false});
    expect(registrySettings(load(BUILD).settings, {'cache-registry': 'localhost:5000/c', 'cache-push': true})).toEqual({reference: 'localhost:5000/c', push: true, insecure: false});
  });

  it('refuses a flag with a scheme, a tag or credentials as a usage error, the password masked', () => {
    for (const bad of ['https://registry.example.com/ci', 'registry.example.com/ci:latest', 'user:hunter22@registry.example.com/ci', 'Registry.example.com/CI']) {
      expect(() => registrySettings(load(BUILD).settings, {'cache-registry': bad}), bad).toThrow(UsageError);
    }
    expect(() => registrySettings(load(BUILD).settings, {'cache-registry': 'https://u:hunter22@r.example/ci'})).toThrow(/--cache-registry "https:\/\/u:\*\*\*@r\.example\/ci"/);
  });

  it('names the file, line and key of a bad cache_registry or cache_push', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vdist-registry-settings-'));
    try {
      writeFileSync(join(dir, 'bad.toml'), '[vdist]\ncache_registry = "https://registry.example.com/ci"\n');
      expect(() => loadToolSettings(join(dir, 'bad.toml'))).toThrow(/bad\.toml:2: vdist\.cache_registry: expected a registry and repository/);
      writeFileSync(join(dir, 'push.toml'), '[vdist]\ncache_push = "sometimes"\n');
      expect(() => loadToolSettings(join(dir, 'push.toml'))).toThrow(/push\.toml:2: vdist\.cache_push/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
