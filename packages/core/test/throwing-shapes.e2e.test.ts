// Every shape of throw in every context, plain and traced: each error's `stack` (message, and every
// frame's file:line:column) must be the same. The programs come from helpers/throwing-shapes.ts; a
// CommonJS module, an ES module and the CommonJS one on one line (a minified bundle), on Node 20, 22, 24.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { throwingProgram } from './helpers/throwing-shapes.js';
import { extraNodeBinaries, rootProcess, runPlain, runTraced, tempHome } from './helpers/traced-process.js';

const EVERY = 'every';

/**
 * The cases that still differ, each for a reason README's "Known differences" gives: shape → contexts.
 * The rest differed before and must not again.
 */
const KNOWN: Record<string, readonly string[] | typeof EVERY> = {
  'class-extends-non-constructor': ['after-comment', 'arrow-expression', 'arrow-in-arrow', 'async-arrow', 'async-generator', 'async-return', 'async-return-await', 'conditional-test', 'generator-return', 'generator-yield', 'getter-body', 'iife', 'member-of-result', 'method-return', 'native-callback-arrow', 'one-line-return', 'return', 'return-in-if', 'return-parenthesised', 'unary'],
  'derived-without-super': EVERY,
  'eval-syntax': ['after-comment', 'after-multibyte', 'async-argument', 'async-generator', 'async-return', 'async-return-await', 'call-chain', 'conditional-else', 'conditional-test', 'conditional-then', 'generator-return', 'generator-yield', 'getter-body', 'iife', 'logical-and', 'logical-or', 'member-of-result', 'new-argument', 'nullish', 'one-line-function', 'one-line-return', 'return', 'return-argument', 'return-in-if', 'return-parenthesised', 'template-literal', 'unary'],
  'method-result-call-missing': EVERY,
  'new-undefined': ['class-computed-key'],
  'super-chain-missing': ['derived-constructor'],
  'tagged-undefined': ['after-multibyte', 'arrow-expression', 'arrow-in-arrow', 'async-argument', 'async-arrow', 'call-chain', 'conditional-else', 'conditional-then', 'logical-and', 'logical-or', 'native-callback-arrow', 'new-argument', 'nullish', 'one-line-function', 'return-argument', 'template-literal'],
  'tdz-read': ['after-comment', 'async-generator', 'async-return', 'async-return-await', 'conditional-test', 'generator-return', 'generator-yield', 'getter-body', 'iife', 'member-of-result', 'method-return', 'one-line-return', 'return', 'return-in-if', 'return-parenthesised', 'unary'],
  'template-to-string-throws': ['after-comment', 'arrow-expression', 'arrow-in-arrow', 'async-arrow', 'async-generator', 'async-return', 'async-return-await', 'conditional-test', 'generator-return', 'generator-yield', 'getter-body', 'iife', 'member-of-result', 'method-return', 'native-callback-arrow', 'one-line-return', 'return', 'return-in-if', 'return-parenthesised', 'unary'],
  'undefined-global': ['minified-nested'],
  'undefined-global-args': ['minified-nested'],
  'yield-star-non-iterable': ['after-comment', 'arrow-expression', 'arrow-in-arrow', 'async-arrow', 'async-return', 'async-return-await', 'conditional-test', 'getter-body', 'iife', 'member-of-result', 'native-callback-arrow', 'one-line-return', 'return', 'return-in-if', 'return-parenthesised', 'unary'],
  'yield-star-throwing-iterator': ['after-comment', 'arrow-expression', 'arrow-in-arrow', 'async-arrow', 'async-return', 'async-return-await', 'conditional-test', 'getter-body', 'iife', 'member-of-result', 'native-callback-arrow', 'one-line-return', 'return', 'return-in-if', 'return-parenthesised', 'unary'],
};

function isKnown(name: string): boolean {
  const top = / at top level$/.exec(name);
  const split = name.indexOf(' in ');
  const [shape, context] = top ? [name.slice(0, top.index), 'top level'] : [name.slice(0, split), name.slice(split + 4)];
  const known = KNOWN[shape];
  return known === EVERY || (known !== undefined && known.includes(context));
}

type Stacks = Map<string, string>;

function stacksOf(stdout: string): Stacks {
  return new Map(JSON.parse(stdout) as Array<[string, string]>);
}

/** `name: plain | traced` for the first line of each stack that differs. */
function differences(plain: Stacks, traced: Stacks): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, stack] of plain) {
    const other = traced.get(name) ?? '(no such case)';
    if (other === stack) continue;
    const a = stack.split('\n');
    const b = other.split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    out.set(name, `${a[at]} | ${b[at]}`);
  }
  return out;
}

const VARIANTS = [
  { file: 'shapes.js', sourceType: 'script', oneLine: false },
  { file: 'shapes.mjs', sourceType: 'module', oneLine: false },
  { file: 'shapes-one-line.js', sourceType: 'script', oneLine: true },
] as const;

describe('stack traces of every throwing shape in every context', () => {
  const dir = tempHome();
  const counts = new Map<string, number>();
  for (const variant of VARIANTS) {
    const program = throwingProgram(variant.sourceType, variant.oneLine);
    fs.writeFileSync(path.join(dir, variant.file), program.source);
    counts.set(variant.file, program.cases);
  }
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    // Each program has some 5,300 cases: the other versions run the CommonJS one.
    for (const variant of node === process.execPath ? VARIANTS : VARIANTS.slice(0, 1)) {
      it(`are the same traced as plain: ${variant.file} (${version})`, async () => {
        // a busy machine takes long over a program of some 5,300 functions
        const options = { cwd: dir, node, timeoutMs: 280_000 };
        const [plain, traced] = await Promise.all([runPlain([variant.file], options), runTraced([variant.file], options)]);
        expect(plain.stderr).toBe('');
        expect(traced.stderr).toBe('');
        // instrumented, not left as it was
        expect(rootProcess(traced).modules.map((m) => m.moduleId)).toEqual([`./${variant.file}`]);
        const plainStacks = stacksOf(plain.stdout);
        expect(plainStacks.size).toBe(counts.get(variant.file));
        const unexpected = [...differences(plainStacks, stacksOf(traced.stdout))].filter(([name]) => !isKnown(name));
        expect(unexpected.map(([name, lines]) => `${name}: ${lines}`)).toEqual([]);
      }, 300_000);
    }
  }
});
