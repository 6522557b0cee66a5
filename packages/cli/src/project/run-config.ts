// The resolved config `breadcrumb run` needs, without the YAML parser when the file has not changed
// since the last run: loading `yaml` and parsing the file cost ~25-50 ms before the command can start,
// on every run. The resolved config is kept next to the transform cache with the exact text it came
// from and a fingerprint of the code that resolved it (key list, defaults, the validating modules);
// any difference, or any doubt, and the file is read and validated as it always was.

import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from '../build/write-file.js';
import { ProjectNotFoundError } from '../errors.js';
import { resolveConfigText } from '../config/config-text.js';
import { KEY_SPECS, type ProjectConfig } from '../config/schema.js';
import { makePrivateDir, type ProjectPaths } from './paths.js';

interface CachedConfig {
  fingerprint: string;
  /** The config file's whole text: the cache answers only for exactly this text. */
  text: string;
  config: ProjectConfig;
}

/** The project's resolved config; throws ProjectNotFoundError or ConfigInvalidError as openProject does. */
export async function loadRunConfig(paths: ProjectPaths): Promise<ProjectConfig> {
  if (!fs.existsSync(paths.config)) throw new ProjectNotFoundError(paths.name);
  const text = fs.readFileSync(paths.config, 'utf8');
  const cacheFile = configCacheFile(paths);
  const fingerprint = codeFingerprint();
  const cached = readCachedConfig(cacheFile);
  if (cached !== null && cached.fingerprint === fingerprint && cached.text === text) return cached.config;

  const config = await resolveConfigText(paths.config, text);
  writeCachedConfig(cacheFile, { fingerprint, text, config });
  return config;
}

/** `<home>/cache/config/<name>.json`. */
export function configCacheFile(paths: ProjectPaths): string {
  return path.join(paths.cache, 'config', `${paths.name}.json`);
}

/**
 * What the resolved config depends on besides the file: the keys and their defaults (some come from
 * @breadcrumb/core), and the code that validates and resolves values (a rebuilt module has a new mtime).
 */
function codeFingerprint(): string {
  const specs = KEY_SPECS.map((spec) => [spec.key, spec.kind, spec.default]);
  const modules = ['schema.js', 'values.js', 'document.js', 'config-text.js'].map((file) => {
    try {
      const stat = fs.statSync(path.join(__dirname, '..', 'config', file));
      return `${stat.size}:${stat.mtimeMs}`;
    } catch {
      return 'missing';
    }
  });
  return JSON.stringify([CACHE_FORMAT, specs, modules]);
}

const CACHE_FORMAT = 1;

function readCachedConfig(file: string): CachedConfig | null {
  try {
    const cached = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CachedConfig>;
    if (typeof cached.fingerprint !== 'string' || typeof cached.text !== 'string') return null;
    if (cached.config === null || typeof cached.config !== 'object') return null;
    return cached as CachedConfig;
  } catch {
    return null; // absent, unreadable or half-written: the file is parsed instead
  }
}

/** Best effort, atomic, owner-only (the config may name secrets' patterns); never fails the run. */
function writeCachedConfig(file: string, entry: CachedConfig): void {
  try {
    const json = JSON.stringify(entry);
    // Only what survives JSON unchanged is cached: anything else is parsed from the file every time.
    if (!isDeepStrictEqual((JSON.parse(json) as CachedConfig).config, entry.config)) return;
    makePrivateDir(path.dirname(file));
    writeFileAtomic(file, json, 0o600);
  } catch {
    // a read-only cache folder: the next run parses the file again
  }
}
