// The shared labelled corpus, scored by the shared scorer against the built module
// (dist/redact/index.js, what `@breadcrumb/core/redact` exports): every secret found, no look-alike
// touched, no input mutated, no exception.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const sharedRedaction = path.resolve(repoRoot, '..', 'shared', 'redaction');
const scorer = path.join(sharedRedaction, 'score.mjs');
const built = path.resolve(__dirname, '..', 'dist', 'redact', 'index.js');

describe.skipIf(!existsSync(scorer))(`redaction corpus score (${sharedRedaction})`, () => {
  it('finds 100/100 secrets with 0/47 false positives, mutates nothing, throws nothing', () => {
    expect(existsSync(built), `${built} is missing: build first (npx tsc -b packages/core)`).toBe(true);
    const out = execFileSync(process.execPath, [scorer, built, '--reps', '2'], { encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines.at(-1), out).toBe('recall 100/100, false positives 0/47');
    expect(out).toMatch(/inputs mutated in place: 0\b/);
    expect(out).toMatch(/exceptions: 0\b/);
    expect(out).toMatch(/partial leaks \(>= half of a redacted secret survives contiguously\): 0\b/);
  });
});

if (!existsSync(scorer)) {
  // eslint-disable-next-line no-console
  console.warn(`redaction corpus score skipped: ${sharedRedaction} is absent (it sits beside the project root on the development machine)`);
}
