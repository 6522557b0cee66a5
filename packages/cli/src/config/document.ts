// A project's config file as a YAML Document, so that edits keep the user's comments and layout.
// Validation walks the document (not plain JSON) to report the line of each problem.

import fs from 'node:fs';
import YAML, { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node, type Pair, type Scalar } from 'yaml';
import { writeFileAtomic } from '../build/write-file.js';
import { ConfigInvalidError, firstLineOf, UsageError, type ConfigProblem } from '../errors.js';
import { KEY_SPECS, KNOWN_KEYS, keySpec, resolveConfig, SECTION_DOCS, type ProjectConfig } from './schema.js';
import { checkValue } from './values.js';

export interface ConfigDocument {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export function parseConfig(file: string, text: string): ConfigDocument {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return { file, doc, lines };
}

export function readConfigFile(file: string): ConfigDocument {
  return parseConfig(file, fs.readFileSync(file, 'utf8'));
}

/** Every problem in the document; an empty list means it is valid. */
export function validateConfig(config: ConfigDocument): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : config.lines.linePos(offset).line);
  const problem = (key: string, node: Node | Pair | null | undefined, message: string): void => {
    const offset = nodeOffset(node);
    problems.push({ file: config.file, line: lineOf(offset), key, message });
  };

  for (const err of config.doc.errors) {
    problems.push({
      file: config.file,
      line: err.linePos?.[0]?.line ?? lineOf(err.pos[0]),
      key: '(yaml)',
      message: firstLineOf(err),
    });
  }
  if (problems.length > 0) return problems;

  const root = config.doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return problems;
  if (!isMap(root)) {
    problem('(top level)', root, 'expected a mapping of keys such as `include:`; see `breadcrumb init --help`');
    return problems;
  }
  const visit = (pairs: Pair[], prefix: string): void => {
    for (const pair of pairs) {
      const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const key = prefix ? `${prefix}.${name}` : name;
      const value = pair.value as Node | null;
      if (!prefix && name in SECTION_DOCS) {
        if (value === null || (isScalar(value) && value.value === null)) continue;
        if (!isMap(value)) {
          problem(key, pair, `expected a mapping with ${sectionKeys(name).join(', ')}`);
          continue;
        }
        visit(value.items as Pair[], name);
        continue;
      }
      const spec = keySpec(key);
      if (!spec) {
        const known = prefix ? sectionKeys(prefix).map((k) => `${prefix}.${k}`) : topLevelKeys();
        problem(key, pair, `unknown key${closest(key)}; known here: ${known.join(', ')}`);
        continue;
      }
      const plain = value === null ? null : value.toJSON();
      if (plain === null && spec.kind !== 'path') continue; // an empty value means the default
      const checked = checkValue(spec.kind, plain);
      if (!checked.ok) problem(key, value ?? pair, checked.message);
    }
  };
  visit(root.items as Pair[], '');
  return problems;
}

/** The resolved config; throws ConfigInvalidError (every problem with file:line:key) when invalid. */
export function loadConfig(config: ConfigDocument): ProjectConfig {
  return resolveConfig(loadConfigValues(config));
}

/** Every key's value by its dotted YAML name, defaults filled in; throws like loadConfig. */
export function loadConfigValues(config: ConfigDocument): Map<string, unknown> {
  const problems = validateConfig(config);
  if (problems.length > 0) throw new ConfigInvalidError(problems);
  const values = new Map<string, unknown>();
  for (const spec of KEY_SPECS) {
    values.set(spec.key, spec.default);
    const node = config.doc.getIn(spec.key.split('.'));
    if (node === undefined || node === null) continue;
    const plain = YAML.isNode(node) ? node.toJSON() : node;
    if (plain === null && spec.kind !== 'path') continue;
    const checked = checkValue(spec.kind, plain);
    if (checked.ok) values.set(spec.key, checked.value);
  }
  return values;
}

/** `{capture: {max_depth: 4}}` from `capture.max_depth → 4`: the file's own shape. */
export function nestValues(values: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of values) {
    const [head, leaf] = key.split('.') as [string, string | undefined];
    if (leaf === undefined) nested[head] = value;
    else nested[head] = { ...(nested[head] as Record<string, unknown> | undefined), [leaf]: value };
  }
  return nested;
}

export type ListKey = 'include' | 'exclude';

/** Adds a glob to include/exclude; returns false when it was already there. */
export function addToList(config: ConfigDocument, key: ListKey, glob: string): boolean {
  const current = currentList(config, key);
  if (current.includes(glob)) return false;
  const node = config.doc.get(key, true);
  if (isSeq(node)) {
    node.add(quotedScalar(config, glob));
  } else {
    // Absent or empty means the default: keep its meaning and add to it.
    config.doc.set(key, config.doc.createNode([...current, glob]));
  }
  return true;
}

/** Removes a glob from include/exclude; throws a UsageError naming what is there when it is not. */
export function removeFromList(config: ConfigDocument, project: string, key: ListKey, glob: string): void {
  const current = currentList(config, key);
  const index = current.indexOf(glob);
  if (index < 0) {
    throw new UsageError(
      `'${glob}' is not in ${key} of project '${project}' (${key}: ${JSON.stringify(current)}): see \`breadcrumb config show ${project}\``,
    );
  }
  const node = config.doc.get(key, true);
  if (isSeq(node)) node.delete(index);
  else config.doc.set(key, config.doc.createNode(current.filter((_, i) => i !== index)));
}

/** `--set key=value`: the value is read as YAML (`3`, `true`, `[a, b]`, `'text'`). */
export function setValue(config: ConfigDocument, project: string, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) {
    throw new UsageError(`--set expects key=value (e.g. --set capture.max_depth=6), got '${assignment}'`);
  }
  const key = assignment.slice(0, eq).trim();
  const raw = assignment.slice(eq + 1);
  const spec = keySpec(key);
  if (!spec) {
    throw new UsageError(`unknown config key '${key}'${closest(key)}; known keys: ${KNOWN_KEYS.join(', ')}`);
  }
  let value: unknown;
  try {
    value = raw.trim() === '' ? null : YAML.parse(raw);
  } catch {
    value = raw;
  }
  const checked = value === null ? { ok: true as const, value: null } : checkValue(spec.kind, value);
  if (!checked.ok) {
    throw new UsageError(`--set ${key}: ${checked.message} (project '${project}' unchanged)`);
  }
  const keyPath = key.split('.');
  if (keyPath.length > 1) {
    const section = config.doc.get(keyPath[0], true);
    if (!isMap(section)) config.doc.set(keyPath[0], config.doc.createNode({}));
  }
  const existing = config.doc.getIn(keyPath, true);
  if (isScalar(existing) && (value === null || typeof value !== 'object')) {
    // Changing the scalar in place keeps the comment that sits on the same line.
    existing.value = value;
  } else {
    config.doc.setIn(keyPath, config.doc.createNode(value));
  }
}

/** Globs are written single-quoted, like the template's: `*` or `!` never read as YAML syntax. */
function quotedScalar(config: ConfigDocument, text: string): Node {
  const node = config.doc.createNode(text) as Scalar;
  node.type = 'QUOTE_SINGLE';
  return node;
}

function currentList(config: ConfigDocument, key: ListKey): string[] {
  const value = config.doc.toJS()?.[key];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value !== '') return [value];
  return [...(keySpec(key)!.default as string[])];
}

/** Writes atomically (temp file + rename), owner-only: a crash never leaves half a config. */
export function writeConfigFile(file: string, text: string): void {
  writeFileAtomic(file, text, 0o600);
}

export function serialize(config: ConfigDocument): string {
  return config.doc.toString({ lineWidth: 0 });
}

function nodeOffset(node: Node | Pair | null | undefined): number | undefined {
  if (!node) return undefined;
  if (isPair(node)) return nodeOffset(node.key as Node) ?? nodeOffset(node.value as Node);
  return node.range?.[0];
}

function topLevelKeys(): string[] {
  return [...new Set(KNOWN_KEYS.map((k) => k.split('.')[0]!))];
}

function sectionKeys(section: string): string[] {
  return KNOWN_KEYS.filter((k) => k.startsWith(`${section}.`)).map((k) => k.slice(section.length + 1));
}

/** ` (did you mean 'x'?)` for a near miss, by edit distance. */
function closest(key: string): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const known of KNOWN_KEYS) {
    const d = editDistance(key, known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean '${best}'?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
