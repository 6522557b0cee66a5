// The CLI's JSON text: indented like `JSON.stringify(value, null, 2)`, except that an object or array
// whose one-line form fits in WIDTH columns where it starts is written on that line. Agents read this
// output and pay for every character: a caller `{"function": "main", "module": "./main.js", "calls": 1}`
// took five lines, an array of ten numbers twelve, and the indentation was a third of a --call answer.
// The data is the same JSON either way (`JSON.parse` of both gives one value).
//
// Whether a value fits is asked at every level of the indented form, so the one-line form is built
// only up to the room left: a value N levels deep (a parser's AST, a schema that nests 700 times) is
// looked at up to WIDTH characters per level, not written out whole once per level above it.

export const JSON_LINE_WIDTH = 100;

export function jsonText(value: unknown, width = JSON_LINE_WIDTH): string {
  const out: string[] = [];
  write(value, '', 0, width, out);
  return out.length === 0 ? 'null' : out.join('');
}

type Member = [key: string, item: unknown];

/**
 * Appends `value` as JSON starting `column` characters after `indent` to `out` (one text joined at the
 * end: a level's text is not copied into the level above it); nothing where JSON.stringify leaves it out.
 */
function write(value: unknown, indent: string, column: number, width: number, out: string[]): void {
  const json = jsonValue(value);
  if (json === null || typeof json !== 'object') {
    const text = JSON.stringify(json) as string | undefined;
    if (text !== undefined) out.push(text);
    return;
  }
  const [open, close] = Array.isArray(json) ? ['[', ']'] : ['{', '}'];
  const members = membersOf(json);
  if (members.length === 0) {
    out.push(open, close);
    return;
  }
  const oneLine = fitting(json, width - indent.length - column);
  if (oneLine !== undefined) {
    out.push(oneLine);
    return;
  }
  const inner = `${indent}  `;
  out.push(open);
  members.forEach(([key, item], i) => {
    out.push(i === 0 ? '\n' : ',\n', inner, key);
    write(item, inner, key.length, width, out);
  });
  out.push('\n', indent, close);
}

/** The one-line form of an object or array (toJSON() applied) if it is at most `room` characters long. */
function fitting(json: object, room: number): string | undefined {
  const parts: string[] = [];
  return appendOneLine(json, parts, room) >= 0 ? parts.join('') : undefined;
}

/**
 * Appends the one-line form of `json` (toJSON() applied) to `parts` and returns the room left, or a
 * negative number as soon as it runs out (the parts are then incomplete): the work is bounded by the
 * room, not by the value.
 */
function appendOneLine(json: unknown, parts: string[], room: number): number {
  if (json === null || typeof json !== 'object') {
    // a string's JSON is at least its length and two quotes: a long one is not escaped to find that out
    if (typeof json === 'string' && json.length + 2 > room) return -1;
    const text = JSON.stringify(json);
    parts.push(text);
    return room - text.length;
  }
  const isArray = Array.isArray(json);
  const members = membersOf(json);
  if (members.length === 0) {
    parts.push(isArray ? '[]' : '{}');
    return room - 2;
  }
  parts.push(isArray ? '[' : '{');
  room -= 2;
  for (let i = 0; i < members.length && room >= 0; i++) {
    const [key, item] = members[i]!;
    const separator = i === 0 ? key : `, ${key}`;
    parts.push(separator);
    room = appendOneLine(jsonValue(item), parts, room - separator.length);
  }
  parts.push(isArray ? ']' : '}');
  return room;
}

/** What JSON.stringify writes for a value: its toJSON() where it has one. */
function jsonValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(): unknown }).toJSON();
  }
  return value;
}

/** An object's or array's members as written: `"key": ` (nothing for an array) and the value. */
function membersOf(value: object): Member[] {
  const members: Member[] = [];
  if (Array.isArray(value)) {
    // as JSON.stringify: an array keeps its place with null
    for (const item of value as unknown[]) members.push(['', omitted(item) ? null : item]);
    return members;
  }
  for (const [key, item] of Object.entries(value)) {
    // as JSON.stringify: an object drops the key
    if (!omitted(item)) members.push([`${JSON.stringify(key)}: `, item]);
  }
  return members;
}

function omitted(item: unknown): boolean {
  return item === undefined || typeof item === 'function' || typeof item === 'symbol';
}
