// chalk 5 + string-width 8 + strip-ansi 7 (ESM only; chalk's chained builder
// is a function whose prototype is swapped with Object.setPrototypeOf and
// whose styles are getters defined lazily, ansi-styles' colour conversions;
// string-width's grapheme segmentation with Intl.Segmenter, east-asian-width
// and emoji-regex): style seeded text at every colour level (nested styles,
// hex/rgb/ansi256, template-like concatenation, multi-line text), strip the
// codes again, measure display widths of wide, combining and emoji text, lay
// out a table, and catch the errors for bad levels and non-string input.
import chalk, { Chalk, supportsColor, modifierNames, foregroundColorNames } from 'chalk';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(24680);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const texts = ['plain', 'ünïcödé', '日本語', '한국어', '👍🏽', '👨‍👩‍👧', 'e\u0301', '\u200b', 'tab\there', 'multi\nline\ntext', 'ﾊﾝｶｸ', '⌚', 'Ａ全角', '\u001b[31malready red\u001b[39m'];
const d = new Digest('terminal');

const levels = [0, 1, 2, 3].map((level) => new Chalk({ level }));
const styleNames = [...modifierNames.filter((m) => m !== 'reset'), ...foregroundColorNames, 'bgRed', 'bgBlueBright', 'bgGray'];
let styled = 0;
for (let i = 0; i < 1500; i++) {
  const c = levels[i % 4];
  let builder = c;
  for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) builder = builder[pick(styleNames)];
  const r = Math.floor(rand() * 256);
  const g = Math.floor(rand() * 256);
  const b = Math.floor(rand() * 256);
  const inner = rand() < 0.5 ? c.rgb(r, g, b)(pick(texts)) : c.bgHex(`#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`).ansi256(r)(pick(texts));
  const out = builder(`${pick(texts)} ${inner} ${pick(texts)}`, i, rand() < 0.5 ? pick(texts) : '');
  d.add(`style:${i}`, out);
  const plain = stripAnsi(out);
  d.add(`strip:${i}`, [plain, stringWidth(out), stringWidth(plain), stringWidth(out, { countAnsiEscapeCodes: true }), stringWidth(plain, { ambiguousIsNarrow: false })]);
  styled++;
}
d.add('visible', [levels[0].visible('x'), levels[2].visible('y'), levels[3].red.visible.bold('z')]);
d.add('default', [chalk.level >= 0, typeof supportsColor]);

// A table laid out by display width.
const rows = Array.from({ length: 40 }, (_x, i) => [String(i), pick(texts), levels[3].green(pick(texts)), pick(texts).repeat(1 + (i % 3))]);
const widths = rows[0].map((_c, k) => Math.max(...rows.map((r) => stringWidth(r[k]))));
const table = rows.map((r) => r.map((cell, k) => cell + ' '.repeat(widths[k] - stringWidth(cell))).join(' | ')).join('\n');
d.add('table', table);
d.add('widths', widths);
console.log(stripAnsi(table.split('\n').slice(0, 3).join('\n')));

const errors = [];
const frames = [];
for (const attempt of [() => new Chalk({ level: 7 }), () => stripAnsi(42), () => levels[3].hex('not-a-colour')('x') && levels[3].rgb(1, 2)('y'), () => stringWidth(null)]) {
  try {
    const v = attempt();
    errors.push(`no error: ${JSON.stringify(v)}`);
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ styled });
printStackLines(frames);
