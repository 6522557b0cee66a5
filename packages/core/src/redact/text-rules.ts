// Structural rules: secrets recognised by where they sit inside a string rather than by their own
// shape: key blocks, URL user-info, `NAME=value` / `name: value` / `"name": "value"` assignments (dotenv,
// ini, libpq, ADO.NET, query strings, form bodies, JSON in a string, HTTP header lines), SQL and prose
// passwords in quotes, bare `Bearer` credentials. Each rule is gated on a cheap test of the string.

import { CREDENTIAL_PARAMETERS, JWK_PRIVATE_MEMBERS, SECRET_STATES, type KeyClass, type KeyClassifier } from './key-names.js';
import { isIndirectReference, isPlaceholder } from './placeholders.js';
import type { Span } from './spans.js';

const BLOCK_HEADER = /-{4,5} ?BEGIN ([A-Z0-9 ]{1,50}?) ?-{4,5}/g;
const KEY_FOOTER = /-{4,5} ?END [A-Z0-9 ]{0,60}-{4,5}/g;

/**
 * PEM-style blocks (`-----BEGIN <label>-----` to its END line, or to the end of a truncated capture).
 * The body of a private key block (PEM, OpenSSH, PGP, SSH2, encrypted) becomes a span. Returns every
 * block's body range: base64 bodies are not scanned for provider tokens (a match there is chance).
 */
export function findKeyBlocks(text: string, spans: Span[]): [number, number][] {
  const ranges: [number, number][] = [];
  BLOCK_HEADER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BLOCK_HEADER.exec(text)) !== null) {
    const bodyStart = m.index + m[0].length;
    KEY_FOOTER.lastIndex = bodyStart;
    const footer = KEY_FOOTER.exec(text);
    const bodyEnd = footer ? footer.index : text.length;
    ranges.push([bodyStart, bodyEnd]);
    if (m[1].includes('PRIVATE KEY')) {
      const [start, end] = trimRange(text, bodyStart, bodyEnd);
      if (end > start) spans.push({ start, end, rule: 'private-key' });
    }
    BLOCK_HEADER.lastIndex = footer ? footer.index + footer[0].length : text.length;
  }
  return ranges;
}

const PUTTY_PRIVATE = /Private-Lines:\s*\d+\s*/g;

/** PuTTY `.ppk` files: the lines after `Private-Lines:` up to the MAC. */
export function findPuttyPrivateLines(text: string, spans: Span[]): void {
  PUTTY_PRIVATE.lastIndex = 0;
  const m = PUTTY_PRIVATE.exec(text);
  if (!m) return;
  const bodyStart = m.index + m[0].length;
  const mac = text.indexOf('Private-', bodyStart);
  const [start, end] = trimRange(text, bodyStart, mac < 0 ? text.length : mac);
  if (end > start) spans.push({ start, end, rule: 'private-key' });
}

/** The range without surrounding whitespace or literal `\n` escapes (a key inside JSON text). */
function trimRange(text: string, start: number, end: number): [number, number] {
  for (;;) {
    if (start < end && /\s/.test(text[start])) start++;
    else if (start + 1 < end && text[start] === '\\' && (text[start + 1] === 'n' || text[start + 1] === 'r')) start += 2;
    else break;
  }
  for (;;) {
    if (end > start && /\s/.test(text[end - 1])) end--;
    else if (end - 2 >= start && text[end - 2] === '\\' && (text[end - 1] === 'n' || text[end - 1] === 'r')) end -= 2;
    else break;
  }
  return [start, end];
}

// scheme://user:password@host: the password is the greedy run up to the LAST `@` of the authority,
// because unencoded `@` in passwords is common in hand-written connection strings. Bounded, so that a
// long run without `@` costs linear time.
const URL_USERINFO = /\b([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/([^\s:/?#@"'<>]{0,256}):([^\s/?#"'<>]{0,512})@/g;

/** The same pattern, tried only where a scheme starts (see findUrlPasswords). */
const URL_USERINFO_AT = new RegExp(URL_USERINFO.source, 'y');
/** 1: a scheme character after the first (`[A-Za-z0-9+.-]`), 2: a letter, 4: a word character (`\w`). */
const SCHEME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+.-]/.test(ch)) SCHEME_CHARS[c] |= 1;
  if (/[A-Za-z]/.test(ch)) SCHEME_CHARS[c] |= 2;
  if (/\w/.test(ch)) SCHEME_CHARS[c] |= 4;
}
const MAX_SCHEME = 31;

/**
 * What URL_USERINFO finds, found from each `://`: a match's scheme ends at the first `:` after its
 * start, so it lies within the 31 characters before a `://`, and its leftmost possible start there
 * (a letter at a word boundary, then scheme characters only) is the only one to try, since the rest
 * of the pattern does not depend on it. The regex alone tried a scheme at every word of the text
 * (4.3 µs on a 1,224-character window of a Markdown document with links and mentions; this 1.5 µs).
 */
export function findUrlPasswords(text: string, spans: Span[]): void {
  let from = 0; // where the regex's next search would start
  let separator = text.indexOf('://', 2);
  while (separator >= 0) {
    const low = separator - MAX_SCHEME > from ? separator - MAX_SCHEME : from;
    let before = separator - 1;
    while (before >= low) {
      const c = text.charCodeAt(before);
      if (c >= 128 || (SCHEME_CHARS[c]! & 1) === 0) break;
      before--;
    }
    let start = before + 1;
    for (; start <= separator - 2; start++) {
      const c = text.charCodeAt(start);
      if ((SCHEME_CHARS[c]! & 2) === 0) continue;
      if (start === 0) break;
      const previous = text.charCodeAt(start - 1);
      if (previous >= 128 || (SCHEME_CHARS[previous]! & 4) === 0) break;
    }
    if (start <= separator - 2) {
      URL_USERINFO_AT.lastIndex = start;
      const m = URL_USERINFO_AT.exec(text);
      if (m !== null) {
        urlPassword(m, spans);
        from = m.index + m[0].length;
        separator = text.indexOf('://', from + 2);
        continue;
      }
    }
    separator = text.indexOf('://', separator + 1);
  }
}

function urlPassword(m: RegExpExecArray, spans: Span[]): void {
  const password = m[3]!;
  if (password.length === 0 || isPlaceholder(password)) return;
  const start = m.index + m[1]!.length + 3 + m[2]!.length + 1;
  spans.push({ start, end: start + password.length, rule: 'url-password' });
}

// NAME=value, name: value, "name": "value", --name=value, ?name=value. The name decides.
// The quote around the name may itself be escaped (`{\"password\":\"x\"}`: JSON inside a JSON string).
// The scan goes from operator to operator (`=>`, `:=`, `=` or `:`) and reads the name backwards from
// each: a long run of text without `=` or `:` (a key body, a base64 blob) then costs one native search,
// not a regex at every position.
/** Name characters: letters, digits, `_ . [ ] -`; word characters are the first four classes less `.[]-`. */
const NAME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_]/.test(ch)) NAME_CHARS[c] = 2; // a word character
  else if (/[.[\]-]/.test(ch)) NAME_CHARS[c] = 1;
}
/** A letter of another script than Latin's ASCII (`Lösenord`, `hasło`, `пароль`): a name and word character too. */
const LETTER = /\p{L}/u;
const isOtherLetter = (c: number): boolean => c >= 128 && LETTER.test(String.fromCharCode(c));
const isNameChar = (c: number): boolean => (c < 128 ? NAME_CHARS[c] !== 0 : isOtherLetter(c));
const isWordChar = (c: number): boolean => (c < 128 ? NAME_CHARS[c] === 2 : isOtherLetter(c));
/** Longest name: two dashes and 64 characters. */
const MAX_NAME = 66;

/**
 * The name written before the operator at `op` (`NAME`, `"name"`, `\"name\"`, `--name`, blanks
 * allowed before the operator), read backwards; null when there is none. `start` is where it begins,
 * its opening quote included.
 */
function nameBefore(text: string, op: number): { start: number; name: string; subscript?: true } | null {
  let end = op;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  let quote = '';
  // a subscript, `$config['db_password'] =`, `headers["Authorization"] =`: the quoted key is the name
  const subscript = text.charCodeAt(end - 1) === 93 /* ] */ && (text.charCodeAt(end - 2) === 34 || text.charCodeAt(end - 2) === 39);
  if (subscript) end--;
  const last = text.charCodeAt(end - 1);
  if (last === 34 || last === 39) {
    let k = end - 1;
    while (end - 1 - k < 2 && k > 0 && text.charCodeAt(k - 1) === 92) k--;
    quote = text.slice(k, end);
    end = k;
  }
  let first = end;
  while (first > 0 && isNameChar(text.charCodeAt(first - 1))) first--;
  if (quote !== '') {
    const start = first - quote.length;
    if (start < 0 || text.slice(start, first) !== quote || end - first > MAX_NAME) return null;
    if (start > 0 && isWordChar(text.charCodeAt(start - 1))) return null;
    const name = text.slice(first, end);
    if (!/^-{0,2}[A-Za-z_\u0080-\uffff]/.test(name)) return null;
    return subscript ? { start, name, subscript } : { start, name };
  }
  // unquoted: the leftmost start that follows a non-word character and begins like a name
  for (let s = Math.max(first, end - MAX_NAME); s < end; s++) {
    if (s > 0 && isWordChar(text.charCodeAt(s - 1))) continue;
    // `/^-{0,2}[A-Za-z_]/` and at most 64 characters after the dashes, read in place (a slice and two
    // regexes at every candidate start were most of the assignment rule's time)
    const dashes = text.charCodeAt(s) !== 45 ? 0 : s + 1 < end && text.charCodeAt(s + 1) === 45 ? 2 : 1;
    if (s + dashes < end && startsName(text.charCodeAt(s + dashes)) && end - s - dashes <= 64) return { start: s, name: text.slice(s, end) };
  }
  return null;
}

/** A letter (of any script) or `_`. */
function startsName(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || isOtherLetter(c);
}

export function findAssignments(text: string, spans: Span[], keys: KeyClassifier): void {
  // The operators in order, as OPERATOR's global search finds them: the nearest `:` or `=`, found by
  // native searches (a regex run per operator was a quarter of this rule's time on YAML and Markdown).
  let next = 0; // OPERATOR.lastIndex
  let colon = -2; // the next `:` at or after `next` (-1: none left; -2: not looked for yet)
  let equals = -2;
  for (;;) {
    if (colon !== -1 && colon < next) colon = text.indexOf(':', next);
    if (equals !== -1 && equals < next) equals = text.indexOf('=', next);
    const at = colon === -1 ? equals : equals === -1 || colon < equals ? colon : equals;
    if (at === -1) break;
    const following = text.charCodeAt(at + 1);
    const op = text.charCodeAt(at) === 61 ? (following === 62 ? '=>' : '=') : following === 61 ? ':=' : ':';
    next = at + op.length;
    const found = nameBefore(text, at);
    if (found === null) continue;
    const matchStart = found.start;
    const name = found.name;
    const before = matchStart > 0 ? text[matchStart - 1] : '';
    const inQuery = before === '?' || before === '&' || before === '#' || before === ';';
    let cls: KeyClass = keys.classify(name);
    if (cls === 'none' && inQuery && CREDENTIAL_PARAMETERS.has(name.toLowerCase())) cls = 'secret';
    // a JWK serialised in the string: its private members are secrets there as in an object with `kty`
    if (cls === 'none' && name.length <= 4 && JWK_PRIVATE_MEMBERS.has(name) && text.includes('kty')) cls = 'secret';
    // a label of two words in text (`API key: ...`, `Access token = ...`): the value must look generated
    const labelled = cls === 'none' && before === ' ' && labelWithPreviousWord(text, matchStart, name, keys);
    if (labelled) cls = 'secret';
    // `?key=` is an API key when its value looks like one (`?key=user:42` is a cache key); so is an
    // `appid` of 32 hex digits (OpenWeatherMap's API key; other services' app ids are numbers or names)
    const lowerName = cls === 'none' && inQuery ? name.toLowerCase() : '';
    // `?code=` is an Azure Functions key on an azurewebsites.net URL (elsewhere it is a country, a status, an OAuth code)
    const queryKey = lowerName === 'key' || lowerName === 'appid' || (lowerName === 'code' && text.includes('.azurewebsites.net'));
    if (cls === 'none' && !queryKey) continue;
    const opEnd = next;
    if (op === ':' && text.startsWith('//', opEnd)) continue; // a URL scheme
    // a segment of a colon-separated path, not a key: `arn:aws:secretsmanager:…:secret:prod/db`, `urn:…:token:…`
    if (op === ':' && before === ':' && matchStart >= 2 && isWordChar(text.charCodeAt(matchStart - 2))) continue;
    let pos = opEnd;
    while (text[pos] === ' ' || text[pos] === '\t') pos++;
    TEMPLATE_AT.lastIndex = pos;
    // `%NAME%` (a Windows variable) only as the whole value: `%JPRG9y%GH!%` is a password that starts with `%`
    if (TEMPLATE_AT.test(text) && (text.charCodeAt(pos) !== 37 || VALUE_END.test(text[TEMPLATE_AT.lastIndex] ?? ''))) {
      // `${{ secrets.X }}`, `<token>`: a reference, spaces and all; `${NAME:?msg}` holds no assignment of its own
      next = Math.max(next, TEMPLATE_AT.lastIndex);
      continue;
    }
    if (text[opEnd] === '{' && op === '=' && (before === ';' || before === '')) {
      // ODBC braces quote a value that contains `;`: `Pwd={p;ss}`
      const close = text.indexOf('}', opEnd);
      if (close > opEnd + 1 && cls === 'secret') spans.push({ start: opEnd + 1, end: close, rule: 'key-context' });
      continue;
    }
    if (/[{[(]/.test(text[pos] ?? '')) continue; // a structure (a schema, a call), not a value
    // a quoted prompt or label, `read -p "Password: " VAR`: the quote after the operator closes the label's own
    if (before !== '' && (before === '"' || before === "'") && text[pos] === before && text.charCodeAt(matchStart) !== 34 && text.charCodeAt(matchStart) !== 39) continue;
    const value = readValue(text, pos, queryKey ? 'secret' : cls, before === '?' || before === '&' || before === '#');
    if (!value) continue;
    // a recovery phrase is words (`mnemonic: abandon timber orbit ...` in YAML): the whole line is the value
    if (!value.quoted && cls === 'secret' && PHRASE_NAME.test(name)) value.end = phraseEnd(text, value.end);
    // code assigning an expression to a subscript (`res["set-cookie"] = cookies`) holds no value; a literal does
    if (found.subscript && (op !== '=' || !value.quoted)) continue;
    next = Math.max(next, value.end);
    const raw = text.slice(value.start, value.end);
    if (queryKey && !(lowerName === 'appid' ? /^[0-9a-f]{32}$/.test(raw) : /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~%=]{16,}$/.test(raw))) continue;
    if (queryKey) cls = 'secret';
    if (labelled && !(raw.length >= 8 && /[0-9]/.test(raw) && /[A-Za-z]/.test(raw))) continue;
    if (op === ':' && !value.quoted && isSentenceAfterLabel(text, raw, value.end)) continue;
    if (isPlaceholder(raw) || keys.isHarmlessValue(name, raw)) continue;
    if (!value.quoted && isIndirectReference(raw, text[value.end] ?? '')) continue;
    findKeyedValue(raw, value.start, cls, spans);
  }
}

const PHRASE_NAME = /mnemonic|phrase/i;

/** The end of a phrase of lower-case words separated by single spaces, from the end of its first word. */
function phraseEnd(text: string, end: number): number {
  PHRASE_WORDS.lastIndex = end;
  return PHRASE_WORDS.exec(text) !== null ? PHRASE_WORDS.lastIndex : end;
}
const PHRASE_WORDS = /(?: [a-z]+)+/y;

/**
 * `password: Path \`password\` is required.` (Mongoose), `Token: expired`: after `name:` in text, a
 * plain word that a sentence continues, or a word that states the secret's condition, is prose. A
 * `name: value` line of YAML or a log holds one value and, when more follows, another `name:`.
 */
function isSentenceAfterLabel(text: string, raw: string, end: number): boolean {
  if (!/^[A-Za-z]+$/.test(raw)) return false;
  if (SECRET_STATES.test(raw) || FUNCTION_WORDS.test(raw)) return true;
  const lineEnd = text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd < 0 ? text.length : lineEnd);
  return /^[ \t]+\S+[ \t]+\S/.test(rest) && !/[=:]/.test(rest);
}


/** `password: too short`, `token: is missing`: a function word starts a sentence, never a secret. */
const FUNCTION_WORDS = /^(?:too|is|was|are|were|not|must|should|has|have|had|cannot|can|will|would|the|an|of|for|at|in|on|to|be|been|does|did|if|and|or|but|as|by|with|from)$/i;

/** True when `<previous word> <name>` names a secret (`API key`, `Session token`). */
function labelWithPreviousWord(text: string, nameStart: number, name: string, keys: KeyClassifier): boolean {
  const m = /([A-Za-z][A-Za-z0-9]{1,20}) $/.exec(text.slice(Math.max(0, nameStart - 23), nameStart));
  return m !== null && keys.classify(`${m[1]}_${name}`) === 'secret';
}

/** What may follow a value (or nothing, at the end of the text). */
const VALUE_END = /^$|[\s"'`;,&)}\]]/;
const TEMPLATE_AT = /\$\{\{[^}]*\}\}|\$\{[^}]*\}|\{\{[^}]*\}\}|<[^<>\s]{1,40}>|%[A-Za-z_]\w*%/y;

interface ValueRange {
  start: number;
  end: number;
  quoted: boolean;
}

function readValue(text: string, pos: number, cls: KeyClass, urlContext: boolean): ValueRange | null {
  const escapedQuote = /^\\{1,2}["']/.exec(text.slice(pos, pos + 3));
  if (escapedQuote) {
    const close = text.indexOf(escapedQuote[0], pos + escapedQuote[0].length);
    const start = pos + escapedQuote[0].length;
    return close > start ? { start, end: close, quoted: true } : null;
  }
  const q = text[pos];
  if (q === '"' || q === "'" || q === '`') {
    let i = pos + 1;
    while (i < text.length && text[i] !== q && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    return i > pos + 1 ? { start: pos + 1, end: Math.min(i, text.length), quoted: true } : null;
  }
  const stop = cls === 'secret' ? (urlContext ? /[&#\s"'<>]/ : /[\s;,"'<>()\]}]/) : /[\r\n"'`]/;
  let i = pos;
  while (i < text.length && !stop.test(text[i])) i++;
  // a value that ends with `\` is a JSON- or shell-escaped quote that closes it
  let end = i;
  while (end > pos && text[end - 1] === '\\') end--;
  return end > pos ? { start: pos, end, quoted: false } : null;
}

/**
 * The secret part of a value whose name is known: all of it for a secret, the credential after the
 * scheme for an Authorization header, the cookie values (names stay) for Cookie / Set-Cookie.
 */
export function findKeyedValue(value: string, offset: number, cls: KeyClass, spans: Span[]): void {
  if (cls === 'secret') {
    spans.push({ start: offset, end: offset + value.length, rule: 'key-context' });
  } else if (cls === 'authorization') {
    const m = /^([A-Za-z][A-Za-z0-9_-]*)(\s+)(\S.*)$/s.exec(value);
    if (!m) {
      if (!AUTH_SCHEMES.test(value)) spans.push({ start: offset, end: offset + value.length, rule: 'authorization' });
      return;
    }
    const credential = m[3].trimEnd();
    if (isPlaceholder(credential)) return;
    const start = offset + m[1].length + m[2].length;
    spans.push({ start, end: start + credential.length, rule: 'authorization' });
  } else if (cls === 'cookie' || cls === 'set-cookie') {
    const re = /(?:^|;)\s*([^=;\s]+)=([^;]*)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(value)) !== null) {
      const v = m[2].trim();
      if (v.length > 0 && !isPlaceholder(v)) {
        const start = offset + m.index + m[0].length - m[2].length + (m[2].length - m[2].trimStart().length);
        spans.push({ start, end: start + v.length, rule: 'cookie' });
      }
      if (cls === 'set-cookie') break; // the rest are attributes (Path, Expires, HttpOnly...)
    }
    if (!value.includes('=') && !isPlaceholder(value)) spans.push({ start: offset, end: offset + value.length, rule: 'cookie' });
  }
}

const AUTH_SCHEMES = /^(?:Bearer|Basic|Digest|Token|Negotiate|NTLM|AWS4-HMAC-SHA256|HOBA|Mutual|DPoP|GNAP)$/i;

// A credential in quotes after a secret word in prose or SQL: `with password "x"`, `IDENTIFIED BY 'x'`,
// `PASSWORD('x')`, `the token 'x'`, MySQL's `SET PASSWORD FOR 'app'@'%' = 'x'`. Not a parser's
// `Unexpected token 'export'`: there the quotes hold source text.
// T-SQL's `WITH PASSWORD = N'x'` quotes the password as a Unicode literal: the `N` is not part of it.
const QUOTED_AFTER_WORD = /\b(?:password|passwd|passphrase|pwd|secret|(?<!unexpected\s)token|api[ _-]?key|identified\s+(?:with\s+\S+\s+)?by)\s*(?:(?:is|was|of|to|as|=|:)\s*|\(\s*|password\s*\(\s*|for\s+[^=\n]{1,100}?=\s*(?:password\s*\(\s*)?)?N?(["'`])([^"'`\s][^"'`\n]{2,200}?)\1/gi;

/** A resource's name (`secret "db-credentials" not found`, `secret 'prod/api'`): lower-case words joined by `-`, `.` or `/`. */
const RESOURCE_NAME = /^[a-z][a-z0-9]*(?:[-./][a-z0-9]+)+$/;

export function findQuotedAfterSecretWord(text: string, spans: Span[]): void {
  QUOTED_AFTER_WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = QUOTED_AFTER_WORD.exec(text)) !== null) {
    const value = m[2];
    if (isPlaceholder(value)) continue;
    // after `secret`, Kubernetes, Vault and cloud tools quote the secret's NAME
    if (RESOURCE_NAME.test(value) && /^secret\b/i.test(m[0])) continue;
    const start = m.index + m[0].length - 1 - value.length;
    spans.push({ start, end: start + value.length, rule: 'password-in-text' });
  }
}

// `with password falcon1096`, `the password is hunter2!`: an unquoted value after a password word
// in prose counts only when it mixes letters and digits (`password is required` is prose).
const UNQUOTED_AFTER_WORD = /\b(?:password|passwd|passphrase|pwd)\s+(?:(?:is|was|of|=|:)\s+)?([^\s"'`]{6,64})/gi;

export function findUnquotedAfterPasswordWord(text: string, spans: Span[]): void {
  UNQUOTED_AFTER_WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = UNQUOTED_AFTER_WORD.exec(text)) !== null) {
    const value = m[1].replace(/[.,;:!?)\]}]+$/, '');
    if (value.length < 6 || !/[0-9]/.test(value) || !/[A-Za-z]/.test(value) || isPlaceholder(value)) continue;
    if (/^(?:https?:|\/|\.\/|[\w.-]+\.(?:ts|js|json|md|txt|ya?ml)$)/.test(value)) continue; // a path or a link, not a password
    const start = m.index + m[0].length - m[1].length;
    spans.push({ start, end: start + value.length, rule: 'password-in-text' });
  }
}

// `Bearer <credential>` outside a header context (a log line, a curl command). A credential has a
// digit; `Bearer authentication` is prose.
const BARE_SCHEME = /\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{12,})/gi;

export function findBareAuthorization(text: string, spans: Span[]): void {
  BARE_SCHEME.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BARE_SCHEME.exec(text)) !== null) {
    const credential = m[1];
    if (!/[0-9]/.test(credential) || isPlaceholder(credential)) continue;
    const start = m.index + m[0].length - credential.length;
    spans.push({ start, end: start + credential.length, rule: 'authorization' });
  }
}

// `--password hunter2` inside a command line held as one string (`--password=x` is an assignment).
const FLAG_WITH_VALUE = /(?:^|[\s'"])--([A-Za-z][A-Za-z0-9_-]*)[ \t]+(?!-)(["']?)([^\s"']+)\2/g;

const FLAG_NOUNS = /^(?:flag|option|argument|arg|parameter|param|switch|instead|or|and|then|when|which)[.,;:!?]?$/i;

export function findFlagValues(text: string, spans: Span[], keys: KeyClassifier): void {
  FLAG_WITH_VALUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FLAG_WITH_VALUE.exec(text)) !== null) {
    if (keys.classify(m[1]) !== 'secret' || isPlaceholder(m[3])) continue;
    // prose about the flag (`pass it via the --token flag`, `use --password to set it`), not a command line
    if (m[2] === '' && (FLAG_NOUNS.test(m[3]) || FUNCTION_WORDS.test(m[3]))) continue;
    const end = m.index + m[0].length - m[2].length;
    spans.push({ start: end - m[3].length, end, rule: 'cli-password' });
  }
}

// `<password>x</password>` in XML or SOAP bodies, attributes allowed (WS-Security's
// `<wsse:Password Type="…#PasswordText">x</wsse:Password>`).
const XML_ELEMENT = /<([A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff.:-]{0,63})(\s[^<>]{0,300})?>([^<]{1,512})<\/\1>/g;

export function findXmlElements(text: string, spans: Span[], keys: KeyClassifier): void {
  XML_ELEMENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = XML_ELEMENT.exec(text)) !== null) {
    const name = m[1].includes(':') ? m[1].slice(m[1].lastIndexOf(':') + 1) : m[1];
    const value = m[3];
    if (keys.classify(name) !== 'secret' || isPlaceholder(value)) continue;
    const start = m.index + m[0].length - m[1].length - 3 - value.length;
    spans.push({ start, end: start + value.length, rule: 'key-context' });
  }
}

// Oracle `jdbc:oracle:thin:user/password@host:1521:sid`.
const ORACLE_THIN = /:thin:([^/\s@:]+)\/([^@\s]+)@/g;

export function findOracleThinPasswords(text: string, spans: Span[]): void {
  ORACLE_THIN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ORACLE_THIN.exec(text)) !== null) {
    const start = m.index + 6 + m[1].length + 1;
    if (!isPlaceholder(m[2])) spans.push({ start, end: start + m[2].length, rule: 'url-password' });
  }
}

// Passwords on command lines held as one string: `mysql -u root -pS3cret`, `docker login -p X`,
// `sshpass -p X`, `redis-cli -a X`, `curl -u user:X`, Samba's `smbclient -U user%X`, database shells'
// `-p X` (cqlsh, influx, sqlcmd...), `rabbitmqctl add_user <user> X`, Windows' `net use … /user:<user> X`.
const COMMAND_PASSWORD = /(?:^|[\s;&|'"`(])(?:(?:mysql\w*|mariadb\w*|sshpass|(?:docker|podman|nerdctl|helm(?:\s+registry)?)\s+login)\b[^\n]{0,300}?\s-p ?|redis-cli\b[^\n]{0,300}?\s-a +|(?:smbclient|smbcacls|smbget|rpcclient)\b[^\n]{0,300}?\s(?:-U|--user)[ =]+['"]?[^%\s'"]+%|curl\b[^\n]{0,300}?\s(?:-u|--user) +['"]?[^:\s'"]*:|(?:cqlsh|influx|mongo|clickhouse-client|vertica|isql|sqlcmd)\b[^\n]{0,300}?\s-p +|rabbitmqctl\s+(?:add_user|change_password)\s+\S+\s+|(?:net|NET)\s+(?:use|USE)\b[^\n]{0,300}?\s\/(?:u|user|USER):\S+\s+)(['"]?)([^\s'"]+)\1/g;

export function findCommandLinePasswords(text: string, spans: Span[]): void {
  COMMAND_PASSWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COMMAND_PASSWORD.exec(text)) !== null) {
    const secret = m[2];
    if (/^\d{1,5}$/.test(secret) || secret === '*' || isPlaceholder(secret)) continue;
    const end = m.index + m[0].length - m[1].length;
    spans.push({ start: end - secret.length, end, rule: 'cli-password' });
  }
}

// A variable whose name and value are two members of one item: Kubernetes and ECS `env` lists
// (`- name: API_TOKEN` then `value: "x"`), the same as JSON text, CloudFormation parameters.
const NAME_THEN_VALUE = /(["']?)\b(?:name|Name|key|Key|ParameterKey)\1[ \t]*:[ \t]*(["']?)([A-Za-z_][\w./-]{0,63})\2[ \t]*,?[ \t]*(?:\r?\n[ \t]*)?(["']?)(?:value|Value|ParameterValue)\4[ \t]*:[ \t]*/g;

export function findNameValueMembers(text: string, spans: Span[], keys: KeyClassifier): void {
  NAME_THEN_VALUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME_THEN_VALUE.exec(text)) !== null) {
    const cls = keys.classify(m[3]);
    if (cls === 'none') continue;
    const value = readValue(text, m.index + m[0].length, cls, false);
    if (!value) continue;
    const raw = text.slice(value.start, value.end);
    if (isPlaceholder(raw) || keys.isHarmlessValue(m[3], raw)) continue;
    if (!value.quoted && isIndirectReference(raw, text[value.end] ?? '')) continue;
    findKeyedValue(raw, value.start, cls, spans);
  }
}

// Redis: the `requirepass <password>` and `masterauth <password>` directives (redis.conf, `CONFIG SET`) and
// the `AUTH [user] <password>` command as a command line holds it; the value is the password, whatever it looks like.
const REDIS_PASSWORD_DIRECTIVE = /(?:^|[\n;]|\bCONFIG\s+SET)[ \t]*(?:requirepass|masterauth)[ \t]+(["']?)([^\s"']+)\1/gi;
const REDIS_AUTH_COMMAND = /(?:^|\n|\bredis-cli\b[^\n]*?[ \t])AUTH[ \t]+(["']?)([^\s"']+)\1(?:[ \t]+(["']?)([^\s"']+)\3)?[ \t]*(?=$|\n)/g;

export function findRedisPasswords(text: string, spans: Span[]): void {
  REDIS_PASSWORD_DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = REDIS_PASSWORD_DIRECTIVE.exec(text)) !== null) {
    const value = m[2];
    if (isPlaceholder(value)) continue;
    const end = m.index + m[0].length - m[1].length;
    spans.push({ start: end - value.length, end, rule: 'password-in-text' });
  }
  REDIS_AUTH_COMMAND.lastIndex = 0;
  while ((m = REDIS_AUTH_COMMAND.exec(text)) !== null) {
    const value = m[4] ?? m[2];
    if (isPlaceholder(value)) continue;
    const end = m.index + m[0].trimEnd().length - (m[4] !== undefined ? m[3].length : m[1].length);
    spans.push({ start: end - value.length, end, rule: 'password-in-text' });
  }
}

// PHP constants, `define('DB_PASSWORD', 'x')` (wp-config.php and its salts `AUTH_KEY`, `NONCE_SALT`...).
const PHP_DEFINE = /\bdefine\(\s*(["'])([A-Za-z_][A-Za-z0-9_]{0,63})\1\s*,\s*(["'])((?:\\.|(?!\3)[^\\\n]){1,512})\3\s*\)/g;
/** WordPress' salts are secrets though no secret word names them. */
const WORDPRESS_SALT = /^(?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_SALT$/;

export function findPhpDefines(text: string, spans: Span[], keys: KeyClassifier): void {
  PHP_DEFINE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PHP_DEFINE.exec(text)) !== null) {
    const name = m[2];
    const value = m[4];
    if ((keys.classify(name) !== 'secret' && !WORDPRESS_SALT.test(name)) || isPlaceholder(value)) continue;
    const start = m.index + m[0].lastIndexOf(m[3] + value + m[3]) + 1;
    spans.push({ start, end: start + value.length, rule: 'key-context' });
  }
}

// A setting as two attributes of one element: .NET `<add key="ApiKey" value="x" />`, `<param name="password" value="x"/>`.
const ATTRIBUTE_PAIR = /\b(?:key|name)=(["'])([A-Za-z_][\w.:-]{0,63})\1\s+value=(["'])([^"'\n]{1,512})\3/g;

export function findAttributePairs(text: string, spans: Span[], keys: KeyClassifier): void {
  ATTRIBUTE_PAIR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTRIBUTE_PAIR.exec(text)) !== null) {
    const cls = keys.classify(m[2]);
    const value = m[4];
    if (cls === 'none' || isPlaceholder(value) || keys.isHarmlessValue(m[2], value)) continue;
    findKeyedValue(value, m.index + m[0].length - 1 - value.length, cls, spans);
  }
}

// Go's MySQL driver DSN, `user:password@tcp(host:3306)/db`: user-info without a scheme.
const GO_DSN = /(?<![\w.:@/-])[\w.-]{1,64}:([^\s@/:]{1,256})@(?:tcp|tcp6|unix|udp)\(/g;

export function findGoDsnPasswords(text: string, spans: Span[]): void {
  GO_DSN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = GO_DSN.exec(text)) !== null) {
    const value = m[1];
    if (isPlaceholder(value)) continue;
    const end = m.index + m[0].lastIndexOf('@');
    spans.push({ start: end - value.length, end, rule: 'url-password' });
  }
}

// A multipart/form-data body: each part names its field in `Content-Disposition: form-data; name="x"`,
// then its headers, a blank line, and the value, as a form field's name names its value.
const MULTIPART_FIELD = /\bform-data;[ \t]*name="([^"\r\n]{1,64})"[^\r\n]*\r?\n(?:[A-Za-z-]{1,40}:[^\r\n]*\r?\n){0,4}\r?\n([^\r\n]{1,1024})/g;

export function findMultipartFields(text: string, spans: Span[], keys: KeyClassifier): void {
  MULTIPART_FIELD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MULTIPART_FIELD.exec(text)) !== null) {
    const cls = keys.classify(m[1]);
    const value = m[2];
    if (cls === 'none' || isPlaceholder(value) || keys.isHarmlessValue(m[1], value)) continue;
    findKeyedValue(value, m.index + m[0].length - value.length, cls, spans);
  }
}

// Windows `setx NAME "value"` and fish `set -gx NAME value`: an assignment without an operator.
const SHELL_SET = /\b(?:setx|set[ \t]+-[A-Za-z]*x[A-Za-z]*)[ \t]+([A-Za-z_][A-Za-z0-9_]{0,63})[ \t]+(["']?)([^\s"']+)\2/g;

export function findShellSetValues(text: string, spans: Span[], keys: KeyClassifier): void {
  SHELL_SET.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SHELL_SET.exec(text)) !== null) {
    const value = m[3];
    if (keys.classify(m[1]) !== 'secret' || isPlaceholder(value) || isIndirectReference(value, '')) continue;
    const end = m.index + m[0].length - m[2].length;
    spans.push({ start: end - value.length, end, rule: 'key-context' });
  }
}

// A libpq password file line, `hostname:port:database:username:password` (port digits or `*`).
// Exactly five fields (a `:` in the password is escaped `\:`), and a host with a letter, a dot or `*`: not an
// IPv6 address, a MAC address or a run of numbers.
const PGPASS_LINE = /^[ \t]*((?=[\w.*-]*[A-Za-z.*])[\w.*-]+):(?:\d{1,5}|\*):[^:\s]+:[^:\s]+:((?:[^\s:\\]|\\.)+)[ \t]*$/gm;

export function findPgpassLines(text: string, spans: Span[]): void {
  PGPASS_LINE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PGPASS_LINE.exec(text)) !== null) {
    const value = m[2];
    if (isPlaceholder(value)) continue;
    const end = m.index + m[0].trimEnd().length;
    spans.push({ start: end - value.length, end, rule: 'url-password' });
  }
}

// Oracle EZConnect, `scott/tiger@//db:1521/ORCL` (sqlplus, node-oracledb connect strings).
const EZCONNECT = /(?<![\w/.:-])[A-Za-z][\w$#]{0,29}\/([^\s@/"']{1,128})@(?=\/\/[\w.-]+)/g;

export function findEzconnectPasswords(text: string, spans: Span[]): void {
  EZCONNECT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EZCONNECT.exec(text)) !== null) {
    const value = m[1];
    if (isPlaceholder(value)) continue;
    const end = m.index + m[0].length - 1;
    spans.push({ start: end - value.length, end, rule: 'url-password' });
  }
}

// SQL `INSERT INTO users (email, password) VALUES ('a@b.io', 'x'), (...)`: a column names the literal at
// its position in each row (statement logs, migrations, seed files).
const INSERT_COLUMNS = /\bINSERT\s+INTO\s+[\w."`[\]]{1,128}\s*\(([^()]{1,2000})\)\s*VALUES\s*/gi;
/** One literal of a row: a quoted string (`''` escapes a quote) or an unquoted token. */
const ROW_ITEM = /\s*(?:(N?)'((?:[^']|'')*)'|([^,()'\s]+))\s*([,)])/y;

export function findSqlInsertValues(text: string, spans: Span[], keys: KeyClassifier): void {
  INSERT_COLUMNS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = INSERT_COLUMNS.exec(text)) !== null) {
    const columns = m[1].split(',').map((c) => c.trim().replace(/^[`"[]|[`"\]]$/g, ''));
    const secretAt = columns.map((c) => keys.classify(c) === 'secret');
    if (!secretAt.includes(true)) continue;
    let pos = m.index + m[0].length;
    // each row: `(v1, v2, ...)`, rows separated by `,`
    while (text[pos] === '(') {
      pos++;
      for (let col = 0; ; col++) {
        ROW_ITEM.lastIndex = pos;
        const item = ROW_ITEM.exec(text);
        if (item === null) return;
        pos = ROW_ITEM.lastIndex;
        const value = item[2];
        if (value !== undefined && secretAt[col] && value.length > 0 && !isPlaceholder(value)) {
          const start = item.index + item[0].indexOf("'") + 1;
          spans.push({ start, end: start + value.length, rule: 'key-context' });
        }
        if (item[4] === ')') break;
      }
      while (text[pos] === ' ' || text[pos] === ',' || text[pos] === '\n') pos++;
    }
    INSERT_COLUMNS.lastIndex = Math.max(INSERT_COLUMNS.lastIndex, pos);
  }
}

// A Set-Cookie header value on its own (`res.getHeader('set-cookie')` is an array of them; a cookie jar
// logs them one by one): `name=value` followed by cookie attributes. The value is the session credential
// when the name says so or when it looks generated; `theme=dark; Path=/` stays.
const BARE_SET_COOKIE = /^[ \t]*([^=;\s"']{1,128})=([^;\s]{1,4096});[ \t]*(?:[Pp]ath|[Ee]xpires|[Mm]ax-[Aa]ge|[Dd]omain|[Ss]ecure|[Hh]ttp[Oo]nly|[Ss]ame[Ss]ite)\b/;

export function findBareSetCookie(text: string, spans: Span[], keys: KeyClassifier): void {
  const m = BARE_SET_COOKIE.exec(text);
  if (m === null) return;
  const value = m[2];
  if (isPlaceholder(value)) return;
  const generated = value.length >= 16 && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
  if (!generated && keys.classify(m[1]) !== 'secret') return;
  const start = m.index + m[0].indexOf('=') + 1;
  spans.push({ start, end: start + value.length, rule: 'cookie' });
}

// A value passed as the second argument of a call whose first argument names it: `os.Setenv("API_KEY", "x")`,
// `System.setProperty("javax.net.ssl.keyStorePassword", "x")`, `Environment.SetEnvironmentVariable(…)`,
// `config.set('db.password', 'x')`: a [name, value] pair written as a call.
const NAME_VALUE_CALL = /\(\s*(["'])([A-Za-z_][\w.:-]{0,63})\1\s*,\s*(["'])((?:\\.|(?!\3)[^\\\n]){1,512})\3\s*[,)]/g;

export function findNameValueCalls(text: string, spans: Span[], keys: KeyClassifier): void {
  NAME_VALUE_CALL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME_VALUE_CALL.exec(text)) !== null) {
    const cls = keys.classify(m[2]);
    const value = m[4];
    if (cls === 'none' || isPlaceholder(value) || keys.isHarmlessValue(m[2], value)) continue;
    const start = m.index + m[0].lastIndexOf(m[3] + value + m[3]) + 1;
    findKeyedValue(value, start, cls, spans);
  }
}

// GitHub Actions' `::add-mask::<value>` workflow command: a step declares the value a secret.
const ADD_MASK = /::add-mask::([^\s"'`]+)/g;

export function findMaskedValues(text: string, spans: Span[]): void {
  ADD_MASK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ADD_MASK.exec(text)) !== null) {
    if (isPlaceholder(m[1])) continue;
    const start = m.index + m[0].length - m[1].length;
    spans.push({ start, end: start + m[1].length, rule: 'key-context' });
  }
}
