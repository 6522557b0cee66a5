// The commented YAML a new project starts from, generated from KEY_SPECS so that every key is
// documented where the user edits it.

import { KEY_SPECS, SECTION_DOCS, type KeySpec } from './schema.js';

export interface TemplateValues {
  include?: string[];
  exclude?: string[];
}

export function renderTemplate(project: string, values: TemplateValues = {}): string {
  const lines: string[] = [
    `# Breadcrumb project '${project}': used by \`breadcrumb run -c ${project} -- <command>\`.`,
    `# Edit it by hand or with \`breadcrumb config edit ${project} --add-include 'axios/**'\` (comments are`,
    `# kept); check it with \`breadcrumb config validate ${project}\`. Every key is optional: a missing`,
    '# key takes the default shown here.',
    '',
  ];
  let section: string | null = null;
  for (const spec of KEY_SPECS) {
    const [head, leaf] = splitKey(spec.key);
    if (head !== section) {
      if (section !== null) lines.push('');
      section = head;
      if (head !== null) {
        lines.push(...(SECTION_DOCS[head] ?? []).map((d) => `# ${d}`), `${head}:`);
      }
    }
    const indent = head === null ? '' : '  ';
    lines.push(...spec.doc.map((d) => `${indent}# ${d}`));
    lines.push(...renderValue(indent, leaf, valueFor(spec, values)));
    if (head === null) lines.push('');
  }
  return lines.join('\n').replace(/\n*$/, '\n');
}

function splitKey(key: string): [string | null, string] {
  const dot = key.indexOf('.');
  return dot < 0 ? [null, key] : [key.slice(0, dot), key.slice(dot + 1)];
}

function valueFor(spec: KeySpec, values: TemplateValues): unknown {
  if (spec.key === 'include' && values.include?.length) return values.include;
  if (spec.key === 'exclude' && values.exclude?.length) return values.exclude;
  return spec.default;
}

function renderValue(indent: string, key: string, value: unknown): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}${key}: []`];
    return [`${indent}${key}:`, ...value.map((v) => `${indent}  - ${quote(String(v))}`)];
  }
  if (value === null) return [`${indent}${key}:`];
  return [`${indent}${key}: ${typeof value === 'string' ? quote(value) : String(value)}`];
}

/** Single-quoted YAML: globs such as `*.js` or `./**` are never read as aliases or other syntax. */
function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
