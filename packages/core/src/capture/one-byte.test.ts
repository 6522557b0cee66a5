import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE } from '../settings.js';
import { createCapturer } from './index.js';
import { oneByte } from './one-byte.js';

/** Whether V8 stores `s` two bytes a character (the serializer's tag for it, after an optional padding byte). */
function twoByte(s: string): boolean {
  const bytes = serialize(s);
  return bytes[2] === 0x63 || bytes[2] === 0;
}

// every part of this text is stored two bytes a character, for the one U+200C in it
const source = 'function parse(input, options) { return "Identifier"; } \u200c';
const part = (text: string) => source.slice(source.indexOf(text), source.indexOf(text) + text.length);

describe('oneByte', () => {
  it('copies a two-byte text whose characters all fit in one byte to a one-byte string, equal to it', () => {
    const text = part('parse(input, options)');
    expect(twoByte(text)).toBe(true);
    const copy = oneByte(text);
    expect(copy).toBe(text);
    expect(twoByte(copy)).toBe(false);
    expect(twoByte(oneByte(JSON.stringify(part('Identifier'))))).toBe(false);
    expect(oneByte('ÿé ascii')).toBe('ÿé ascii');
    expect(oneByte('')).toBe('');
  });
  it('keeps a text with a character past U+00FF as it is', () => {
    for (const text of [source, 'a…b', '\u0100', 'emoji 😀', 'x'.repeat(5000) + '\u200c']) expect(oneByte(text)).toBe(text);
  });
});

describe('captures of two-byte names and values', () => {
  it('are one-byte when their characters allow (one such key, name or string made a whole capture two-byte)', () => {
    const capturer = createCapturer(DEFAULT_CAPTURE, { patterns: [], allowKeys: [] });
    const node = { type: part('Identifier'), [part('options')]: 1, name: part('input') };
    const args = capturer.args([part('input'), part('options')], [node, part('parse')]);
    expect(args).toBe('{"input":{"type":"Identifier","options":1,"name":"input"},"options":"parse"}');
    expect(twoByte(args)).toBe(false);
    expect(twoByte(capturer.value(node))).toBe(false);
    expect(twoByte(capturer.value(['a', '\u200c']))).toBe(true);
  });
});
