import { describe, expect, it } from 'vitest';
import { noteLegacyRegExpStatics, legacyRegExpStaticsWatched, restoreRegExpStatics, saveRegExpStatics } from './regexp-statics.js';

const R = RegExp as unknown as Record<string, string>;
const ALL = ['input', '$_', 'lastMatch', '$&', 'leftContext', '$`', 'rightContext', "$'", 'lastParen', '$+', '$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9'];
const snapshot = (): string[] => ALL.map((k) => R[k]!);

function roundTrip(match: () => void): void {
  match();
  const expected = snapshot();
  const saved = saveRegExpStatics();
  /(p)(a)(s)(s)/.exec('a password here'); // the capture's own pattern
  expect(snapshot()).not.toEqual(expected);
  restoreRegExpStatics(saved);
  expect(snapshot()).toEqual(expected);
}

describe('legacy RegExp statics', () => {
  it('are put back after another match: groups, contexts, lastParen', () => {
    roundTrip(() => /(\w+)@(\w+)\.(com)/.exec('mail bob@example.com now'));
    roundTrip(() => /x(y)?(z)/.exec('..xz..')); // a group that did not take part
    roundTrip(() => /(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)/.exec('-abcdefghijk-')); // more than nine
    roundTrip(() => /(a)()/.exec('bab')); // an empty last group
    roundTrip(() => /(?<=(\$\d))\.(\d+)[*+?]/.exec('cost $5.25+ tax\n(x)')); // a group outside the match, syntax characters
    roundTrip(() => /b/.exec('abc')); // no groups
    roundTrip(() => /😀(.)/u.exec('a😀bc'));
  });

  it('a failed match changes nothing, and nothing is rebuilt then', () => {
    /(q)/.exec('xqx');
    const saved = saveRegExpStatics();
    /(nope)/.exec('xqx');
    restoreRegExpStatics(saved);
    expect(R.$1).toBe('q');
  });

  it('captures watch them once a module reads them, found without running a pattern', () => {
    /(z)/.exec('z');
    noteLegacyRegExpStatics('const RegExpLike = 1; new RegExp("x"); RegExp.prototype.test;');
    expect(legacyRegExpStaticsWatched()).toBe(false);
    expect(R.$1).toBe('z');
    noteLegacyRegExpStatics("if (/v(\\d+)/.test(s)) version = RegExp['$1'];");
    expect(legacyRegExpStaticsWatched()).toBe(true);
  });
});
