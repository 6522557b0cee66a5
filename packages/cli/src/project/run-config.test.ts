import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../config/document.js';
import { renderTemplate } from '../config/template.js';
import { ConfigInvalidError, ProjectNotFoundError } from '../errors.js';
import { projectPaths } from './paths.js';
import { configCacheFile, loadRunConfig } from './run-config.js';

function project(text: string = renderTemplate('app')) {
  const paths = projectPaths('app', fs.mkdtempSync(path.join(os.tmpdir(), 'bc-run-config-')));
  fs.writeFileSync(paths.config, text);
  return paths;
}

describe('loadRunConfig', () => {
  it('resolves the config as openProject does, and caches it owner-only', async () => {
    const paths = project();
    const config = await loadRunConfig(paths);
    expect(config).toEqual(loadConfig(parseConfig(paths.config, renderTemplate('app'))));
    const cached = JSON.parse(fs.readFileSync(configCacheFile(paths), 'utf8'));
    expect(cached.config).toEqual(config);
    expect(fs.statSync(configCacheFile(paths)).mode & 0o777).toBe(0o600);
  });

  it('answers from the cache while the file is unchanged', async () => {
    const paths = project();
    await loadRunConfig(paths);
    // A doctored cache entry for the same text shows that the file was not parsed again.
    const file = configCacheFile(paths);
    const cached = JSON.parse(fs.readFileSync(file, 'utf8'));
    cached.config.sampleRate = 0.25;
    fs.writeFileSync(file, JSON.stringify(cached));
    expect((await loadRunConfig(paths)).sampleRate).toBe(0.25);
  });

  it('parses the file again when its text changed, and caches the new config', async () => {
    const paths = project();
    expect((await loadRunConfig(paths)).sampleRate).toBe(1);
    fs.writeFileSync(paths.config, renderTemplate('app').replace('sample_rate: 1', 'sample_rate: 0.5'));
    expect((await loadRunConfig(paths)).sampleRate).toBe(0.5);
    expect(JSON.parse(fs.readFileSync(configCacheFile(paths), 'utf8')).config.sampleRate).toBe(0.5);
  });

  it('ignores a broken cache file', async () => {
    const paths = project();
    fs.mkdirSync(path.dirname(configCacheFile(paths)), { recursive: true });
    fs.writeFileSync(configCacheFile(paths), '{"fingerprint": ');
    expect((await loadRunConfig(paths)).include).toEqual(['./**']);
  });

  it('still reports an invalid file with its line, every time, and a missing project', async () => {
    const paths = project('sample_rate: 7\n');
    for (let i = 0; i < 2; i++) {
      await expect(loadRunConfig(paths)).rejects.toThrow(ConfigInvalidError);
      await expect(loadRunConfig(paths)).rejects.toThrow(/app\.yaml:1/);
    }
    expect(fs.existsSync(configCacheFile(paths))).toBe(false);
    fs.rmSync(paths.config);
    await expect(loadRunConfig(paths)).rejects.toThrow(ProjectNotFoundError);
  });
});
