import { describe, expect, it } from 'vitest';
import { LongStrings } from './long-strings.js';

describe('LongStrings', () => {
  const make = () => {
    const redacted: string[] = [];
    const cache = new LongStrings(10, (text) => {
      redacted.push(text);
      return text.replace(/secret/g, '[REDACTED:x]');
    });
    return { cache, redacted };
  };

  it('a string passed again is redacted once, whether the same object or an equal copy', () => {
    const { cache, redacted } = make();
    const s = 'abcdefghij-secret-tail';
    const first = cache.get(s);
    expect(cache.get(s)).toBe(first);
    expect(cache.get([...s].join(''))).toBe(first);
    expect(redacted).toHaveLength(1);
    expect(first.value).toBe('abcdefghij');
    expect(JSON.parse(first.json)).toEqual({ $type: 'string', length: 22, value: 'abcdefghij', truncated: true });
  });

  it('strings of the same length are told apart by their content', () => {
    const { cache } = make();
    const a = cache.get('0123456789abcdef');
    const b = cache.get('0123456789abcdeX');
    const c = cache.get('secret-789abcdef');
    expect(a.value).toBe('0123456789');
    expect(b.value).toBe('0123456789');
    expect(b).not.toBe(a);
    // the marker is never cut: the head runs to its end
    expect(c.value).toBe('[REDACTED:x]');
    expect(cache.get('0123456789abcdeX')).toBe(b);
  });

  it('stays bounded: past its size it starts over, and still answers right', () => {
    const { cache, redacted } = make();
    const strings = Array.from({ length: 200 }, (_, i) => `string number ${i} of many, all long`);
    for (const s of strings) expect(cache.get(s).value).toBe(s.slice(0, 10));
    // 64 strings at most: the last 8 (of 200) are what it holds now
    for (const s of strings.slice(-8)) cache.get(s);
    expect(redacted.length).toBe(200);
    expect(cache.get(strings[0]!).value).toBe('string num');
    expect(redacted.length).toBe(201);
  });
});
