// A text with V8's one-byte representation when its characters allow one. A string made from a part of
// a text that holds one character past U+00FF (a slice of a source file, a parameter name read from
// one) is stored two bytes a character although every character it holds fits in one, and so is any
// text it is appended to: one such name or value made a whole capture two-byte, copied to two bytes a
// character when flattened and encoded to UTF-8 from them (acorn parsing its own source, which has one
// U+200C: 45% of its captures, two-thirds of their characters). Applied to the texts the writer caches
// (a key's, a class's, a short string's JSON text), once each, never per capture.

// Taken when this module loads, before a program can replace them.
const allocUnsafe = Buffer.allocUnsafe;
const latin1Write = Buffer.prototype.latin1Write as (this: Buffer, text: string, offset: number, length: number) => number;
const latin1Slice = Buffer.prototype.latin1Slice as (this: Buffer, start: number, end: number) => string;

let scratch = allocUnsafe(1024);

/** `text`, as a one-byte string when it has no character past U+00FF (a copy, which Latin-1 bytes decode to). */
export function oneByte(text: string): string {
  // Buffer's latin1 methods are not documented API: a Node without them keeps the text as it is
  if (typeof latin1Write !== 'function' || typeof latin1Slice !== 'function') return text;
  if (text.length > scratch.length) scratch = allocUnsafe(text.length);
  const copy = latin1Slice.call(scratch, 0, latin1Write.call(scratch, text, 0, text.length));
  // a character past U+00FF lost its high byte in the copy: such a text keeps two bytes a character
  return copy === text ? copy : text;
}
