import { describe, expect, it } from 'vitest';
import { addToList, loadConfig, parseConfig, removeFromList, serialize, setValue, validateConfig } from './document.js';
import { KEY_SPECS } from './schema.js';
import { renderTemplate } from './template.js';

const FILE = '/home/u/.breadcrumb/app.yaml';

describe('the template', () => {
  it('is valid and resolves to every default', () => {
    const doc = parseConfig(FILE, renderTemplate('app'));
    expect(validateConfig(doc)).toEqual([]);
    const config = loadConfig(doc);
    expect(config.include).toEqual(['./**']);
    expect(config.exclude).toEqual([]);
    expect(config.root).toBeNull();
    expect(config.capture).toEqual({ enabled: true, maxDepth: 4, maxKeys: 20, maxItems: 20, maxStringLength: 200, maxValues: 20, thisValues: 1 });
    expect(config.maxDetailedCallsPerFunction).toBe(1000);
    expect(config.gapIntrinsics).toBe(false);
  });

  it('documents every key with a comment above it', () => {
    const text = renderTemplate('app');
    for (const spec of KEY_SPECS) {
      const leaf = spec.key.split('.').pop()!;
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.trim().startsWith(`${leaf}:`));
      expect(at, spec.key).toBeGreaterThan(0);
      expect(lines[at - 1]!.trim().startsWith('#'), spec.key).toBe(true);
    }
  });

  it('takes the include and exclude given to init', () => {
    const config = loadConfig(parseConfig(FILE, renderTemplate('app', { include: ['./src/**', "it's/**"], exclude: ['./test/**'] })));
    expect(config.include).toEqual(['./src/**', "it's/**"]);
    expect(config.exclude).toEqual(['./test/**']);
  });
});

describe('validation', () => {
  it('names the line and key of every problem', () => {
    const text = ['include: 3', 'capture:', '  max_depth: -1', '  colour: red', 'sampel_rate: 0.5', 'spool:', "  file_bytes: '8 parsecs'"].join('\n');
    const problems = validateConfig(parseConfig(FILE, text));
    expect(problems.map((p) => [p.line, p.key])).toEqual([
      [1, 'include'],
      [3, 'capture.max_depth'],
      [4, 'capture.colour'],
      [5, 'sampel_rate'],
      [7, 'spool.file_bytes'],
    ]);
    expect(problems.every((p) => p.file === FILE)).toBe(true);
    expect(problems[3]!.message).toContain("did you mean 'sample_rate'");
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = validateConfig(parseConfig(FILE, 'include:\n  - ok\nexclude: [unclosed\n'));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.key).toBe('(yaml)');
    expect(problems[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses a bad regular expression and accepts sizes with units', () => {
    const bad = validateConfig(parseConfig(FILE, "redaction:\n  patterns: ['(unclosed']\n"));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ line: 2, key: 'redaction.patterns' });
    const config = loadConfig(parseConfig(FILE, "spool:\n  file_bytes: '4MiB'\n  max_bytes: 2GB\n"));
    expect(config.spoolFileBytes).toBe(4 * 1024 * 1024);
    expect(config.spoolMaxBytes).toBe(2_000_000_000);
  });

  it('reads a single glob as a list of one', () => {
    expect(loadConfig(parseConfig(FILE, "include: './src/**'\n")).include).toEqual(['./src/**']);
  });

  it('treats an empty file and empty values as defaults', () => {
    expect(loadConfig(parseConfig(FILE, '')).include).toEqual(['./**']);
    expect(loadConfig(parseConfig(FILE, 'include:\ncapture:\n')).include).toEqual(['./**']);
  });

  it('throws ConfigInvalidError with file:line:key in its message', () => {
    expect(() => loadConfig(parseConfig(FILE, 'sample_rate: 2\n'))).toThrow(`${FILE}:1: sample_rate: expected a number from 0 to 1`);
  });
});

describe('edits keep the user file', () => {
  const userFile = [
    '# my notes about this project',
    'include:',
    "  - './**' # everything of mine",
    '',
    '# keep tests out',
    "exclude: ['./test/**']",
    'capture:',
    '  max_depth: 2 # small values only',
    '',
  ].join('\n');

  it('adds and removes globs without losing comments', () => {
    const doc = parseConfig(FILE, userFile);
    expect(addToList(doc, 'include', 'axios/**')).toBe(true);
    expect(addToList(doc, 'include', 'axios/**')).toBe(false);
    removeFromList(doc, 'app', 'exclude', './test/**');
    addToList(doc, 'exclude', './fixtures/**');
    const text = serialize(doc);
    expect(text).toContain('# my notes about this project');
    expect(text).toContain('# everything of mine');
    expect(text).toContain('# keep tests out');
    expect(text).toContain('# small values only');
    const config = loadConfig(parseConfig(FILE, text));
    expect(config.include).toEqual(['./**', 'axios/**']);
    expect(config.exclude).toEqual(['./fixtures/**']);
  });

  it('keeps the default include when adding to a file without include', () => {
    const doc = parseConfig(FILE, 'sample_rate: 1\n');
    addToList(doc, 'include', 'axios/**');
    expect(loadConfig(parseConfig(FILE, serialize(doc))).include).toEqual(['./**', 'axios/**']);
  });

  it('turns a single-glob include into a list when adding to it', () => {
    const doc = parseConfig(FILE, "include: './src/**'\n");
    addToList(doc, 'include', 'axios/**');
    expect(loadConfig(parseConfig(FILE, serialize(doc))).include).toEqual(['./src/**', 'axios/**']);
  });

  it('refuses to remove what is not there, naming what is', () => {
    const doc = parseConfig(FILE, userFile);
    expect(() => removeFromList(doc, 'app', 'include', 'lodash/**')).toThrow(/'lodash\/\*\*' is not in include.*\.\/\*\*/);
  });

  it('--set writes nested keys, creates missing sections and checks values', () => {
    const doc = parseConfig(FILE, userFile);
    setValue(doc, 'app', 'capture.max_depth=6');
    setValue(doc, 'app', 'gaps.intrinsics=true');
    setValue(doc, 'app', "redaction.allow_keys=[token_count, 'password_hint']");
    setValue(doc, 'app', 'root=./src');
    const text = serialize(doc);
    expect(text).toContain('# small values only');
    const config = loadConfig(parseConfig(FILE, text));
    expect(config.capture.maxDepth).toBe(6);
    expect(config.gapIntrinsics).toBe(true);
    expect(config.redaction.allowKeys).toEqual(['token_count', 'password_hint']);
    expect(config.root).toBe('./src');
    expect(() => setValue(doc, 'app', 'capture.max_depth=deep')).toThrow(/expected a whole number/);
    expect(() => setValue(doc, 'app', 'capture.depth=3')).toThrow(/unknown config key 'capture.depth'.*did you mean 'capture.max_depth'/);
    expect(() => setValue(doc, 'app', 'no-equals-sign')).toThrow(/key=value/);
  });
});
