import { describe, expect, it } from 'vitest';
import { isPlaceholder } from './placeholders.js';
import type { Span } from './spans.js';
import { findUrlPasswords } from './text-rules.js';

// The rule as one regex searched at every position: findUrlPasswords must find exactly this.
const URL_USERINFO = /\b([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/([^\s:/?#@"'<>]{0,256}):([^\s/?#"'<>]{0,512})@/g;
function byRegex(text: string): Span[] {
  const spans: Span[] = [];
  URL_USERINFO.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_USERINFO.exec(text)) !== null) {
    const password = m[3]!;
    if (password.length === 0 || isPlaceholder(password)) continue;
    const start = m.index + m[1]!.length + 3 + m[2]!.length + 1;
    spans.push({ start, end: start + password.length, rule: 'url-password' });
  }
  return spans;
}
const found = (text: string): Span[] => {
  const spans: Span[] = [];
  findUrlPasswords(text, spans);
  return spans;
};

describe('findUrlPasswords', () => {
  it('finds the password of a URL, up to the last @ of its authority', () => {
    expect(found('postgres://app:s3cr@t-pw@db.internal:5432/x')).toEqual([{ start: 15, end: 24, rule: 'url-password' }]);
    expect(found('see https://user:hunter22@example.com and ftp://a:pw-998877@c')).toHaveLength(2);
    expect(found('redis://:p4ssw0rd-xyz@cache:6379')).toEqual([{ start: 9, end: 21, rule: 'url-password' }]);
  });

  it('finds what the regex finds at every position, in generated text', () => {
    const parts = [
      'http://example.com/x', 'a@b', '@someone', 'postgres://user:pa@ss@host/db', 'x://u:p@h', '://', ':://', 'https://u:@h',
      'mailto:me@x.org', 'ftp://a:b@c:d@e', 'word', 'x-y+z.w://q:r@s', `${'A'.repeat(31)}://u:pw1@h`, `${'B'.repeat(30)}://u:pw2@h`,
      '1a://u:p3@h', '_a://u:p4@h', 'é://u:p5@h', 'redis://:secret-99@host', 'a.b://c:d@e', '+x://c:d@e', 's3://k:${SECRET}@b',
    ];
    const separators = ['', ' ', '@', ':', '/', '\n', '"'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let spans = 0;
    for (let t = 0; t < 20_000; t++) {
      let text = '';
      const n = 1 + Math.floor(random() * 8);
      for (let i = 0; i < n; i++) text += parts[Math.floor(random() * parts.length)] + separators[Math.floor(random() * separators.length)];
      const expected = byRegex(text);
      spans += expected.length;
      expect(found(text), JSON.stringify(text)).toEqual(expected);
    }
    expect(spans).toBeGreaterThan(5_000);
  });
});
