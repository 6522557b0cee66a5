import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { randomString } from './__fixtures__/test-tokens.js';
import { isMasked } from './placeholders.js';
import type { Span } from './spans.js';
import { findTokens, prefixesStartInRuns } from './token-scanner.js';
import { CONTEXTUAL_RULES, PREFIXED_RULES } from './token-rules.js';

// The search as it was before it looked inside long runs only: a regex over every position. The
// scanner must find exactly what this finds.
const byFirstChar = new Map<number, { rule: (typeof PREFIXED_RULES)[number]; prefix: string; sticky: RegExp }[]>();
for (const rule of PREFIXED_RULES) {
  const sticky = new RegExp(rule.source, 'y');
  for (const prefix of rule.prefixes) {
    const c = prefix.charCodeAt(0);
    if (!byFirstChar.has(c)) byFirstChar.set(c, []);
    byFirstChar.get(c)!.push({ rule, prefix, sticky });
  }
}
const firsts = [...byFirstChar.keys()].map((c) => String.fromCharCode(c)).join('');
const candidateStart = new RegExp(`(?<![A-Za-z0-9])[${firsts.replace(/[\]\\^-]/g, '\\$&')}](?=[A-Za-z0-9_\\-.~+/=:$%]{15})`, 'g');

function referenceFindTokens(text: string): Span[] {
  const spans: Span[] = [];
  candidateStart.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = candidateStart.exec(text)) !== null) {
    let end = m.index;
    for (const { rule, prefix, sticky } of byFirstChar.get(text.charCodeAt(m.index))!) {
      if (!text.startsWith(prefix, m.index)) continue;
      sticky.lastIndex = m.index;
      const t = sticky.exec(text);
      if (t === null || (rule.validate && !rule.validate(t[0]))) continue;
      if (!isMasked(t[0])) spans.push({ start: m.index, end: m.index + t[0].length, rule: rule.name });
      end = m.index + t[0].length;
      break;
    }
    if (end > m.index) candidateStart.lastIndex = end;
  }
  for (const rule of CONTEXTUAL_RULES) {
    if (!text.includes(rule.gate)) continue;
    const global = new RegExp(rule.source, 'g');
    while ((m = global.exec(text)) !== null) {
      if (!rule.validate || rule.validate(m[0])) spans.push({ start: m.index, end: m.index + m[0].length, rule: rule.name });
    }
  }
  return spans;
}

function scanned(text: string): Span[] {
  const spans: Span[] = [];
  findTokens(text, spans);
  return spans;
}

/** The redaction scorer's labelled samples, when the shared material is on this machine. */
function labelledSamples(): string[] {
  const file = '/work/shared/redaction/corpus-dev.jsonl';
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { sample: unknown }).sample)
    .filter((sample): sample is string => typeof sample === 'string');
}

describe('findTokens', () => {
  it('every prefix starts with a character of the runs it searches', () => {
    expect(prefixesStartInRuns()).toBe(true);
  });

  it('finds what a search at every position finds, in texts built from every prefix', () => {
    const prefixes = PREFIXED_RULES.flatMap((r) => r.prefixes);
    const separators = [' ', '', '-', '.', '"', '=', ':', '/', '\n', 'x', '_', '%', '9'];
    let found = 0;
    for (let seed = 1; seed <= 400; seed++) {
      let text = '';
      for (let part = 0; part < 6; part++) {
        const prefix = prefixes[(seed * 7 + part * 13) % prefixes.length]!;
        const body = randomString(8 + ((seed + part) % 50), seed * 31 + part, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
        text += separators[(seed + part) % separators.length] + prefix + body;
      }
      const expected = referenceFindTokens(text);
      found += expected.length;
      expect(scanned(text), text).toEqual(expected);
    }
    expect(found).toBeGreaterThan(50);
  });

  it('finds what a search at every position finds, in labelled secrets and in prose and code', () => {
    const texts = [
      ...labelledSamples(),
      fs.readFileSync(new URL(import.meta.url), 'utf8'),
      'hello world, this is prose with short words and a https://example.com/some/path?x=1 link '.repeat(20),
      `token=ghp_${'a'.repeat(36)} sk_live_${'b'.repeat(24)}`,
      'x'.repeat(15),
      'ghp_' + 'Z'.repeat(12),
      '',
    ];
    for (const text of texts) expect(scanned(text), text.slice(0, 80)).toEqual(referenceFindTokens(text));
  });
});
