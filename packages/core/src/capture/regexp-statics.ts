// RegExp's legacy static properties (RegExp.$1..$9, lastMatch, input, leftContext, rightContext,
// lastParen) belong to the realm and change on every successful match, the capture's redaction patterns
// included: `if (re.test(s) && traced(s)) use(RegExp.$1)` would read a group of ours. Saving and putting
// them back costs about 0.4 µs a capture, so it is done only once a loaded module's source reads them
// (old-style code); the check is a plain text search, which runs no pattern of its own.

const R = RegExp as unknown as Record<string, string>;
const NAMES = ['lastMatch', 'lastParen', 'leftContext', 'rightContext', 'input', '$_', "$&", '$+', '$`', "$'"];

let watched = false;

/** Whether captures keep the legacy statics (a module that reads them was loaded). */
export function legacyRegExpStaticsWatched(): boolean {
  return watched;
}

/** Looks for a read of the legacy statics in a module's source (`RegExp.$1`, `RegExp.lastMatch`, `RegExp['$&']`...). */
export function noteLegacyRegExpStatics(source: string): void {
  if (watched) return;
  let at = source.indexOf('RegExp');
  while (at >= 0) {
    let i = at + 6;
    const c = source[i];
    if (c === '.') {
      i++;
      if (source[i] === '$') return void (watched = true);
      for (const name of NAMES) if (source.startsWith(name, i)) return void (watched = true);
    } else if (c === '[') {
      const quote = source[i + 1];
      if ((quote === '"' || quote === "'" || quote === '`') && (source[i + 2] === '$' || NAMES.some((n) => source.startsWith(n, i + 2)))) return void (watched = true);
    }
    at = source.indexOf('RegExp', i);
  }
}

/** Marks the statics as watched (tests). */
export function watchLegacyRegExpStatics(): void {
  watched = true;
}

export type RegExpStatics = readonly string[];

/** input, lastMatch, leftContext, lastParen, $1..$9. */
export function saveRegExpStatics(): RegExpStatics {
  return [R.input!, R.lastMatch!, R.leftContext!, R.lastParen!, R.$1!, R.$2!, R.$3!, R.$4!, R.$5!, R.$6!, R.$7!, R.$8!, R.$9!];
}

function unchanged(s: RegExpStatics): boolean {
  return (
    R.input === s[0] && R.lastMatch === s[1] && R.leftContext === s[2] && R.lastParen === s[3] && R.$1 === s[4] && R.$2 === s[5] &&
    R.$3 === s[6] && R.$4 === s[7] && R.$5 === s[8] && R.$6 === s[9] && R.$7 === s[10] && R.$8 === s[11] && R.$9 === s[12]
  );
}

/**
 * Puts saved statics back when something changed them: one match, the last, on the saved input, at the
 * saved place, of the saved length, whose groups capture the saved values (found anywhere in the input:
 * the statics hold values, not positions).
 */
export function restoreRegExpStatics(s: RegExpStatics): void {
  if (unchanged(s)) return;
  const input = s[0]!;
  const lastMatch = s[1]!;
  const at = s[2]!.length;
  const lastParen = s[3]!;
  const groups = s.slice(4);
  let n = groups.length;
  while (n > 0 && groups[n - 1] === '') n--;
  const values = groups.slice(0, n);
  // lastParen is the last group's value: a trailing empty group, or a tenth or later one
  if (n === 0 ? lastParen !== '' : values[n - 1] !== lastParen) values.push(lastParen);
  let lookaheads = '';
  for (const v of values) {
    if (v === '') {
      lookaheads += '()';
      continue;
    }
    const p = input.indexOf(v);
    if (p < 0) return; // the program assigned RegExp.input: nothing to match against
    lookaheads += '(?=[\\s\\S]{' + p + '}(' + escapePattern(v) + '))';
  }
  try {
    const re = new RegExp('(?<=^' + lookaheads + '[\\s\\S]*)[\\s\\S]{' + lastMatch.length + '}', 'y');
    re.lastIndex = at;
    re.exec(input);
  } catch {
    // a pattern over V8's limits: the statics stay as the capture left them
  }
}

function escapePattern(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    out += '\\^$.*+?()[]{}|/-'.includes(c) ? '\\' + c : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\u2028' ? '\\u2028' : c === '\u2029' ? '\\u2029' : c;
  }
  return out;
}
