// The CLI's JSON text: indented like `JSON.stringify(value, null, 2)`, except that an object or array
// whose one-line form fits in WIDTH columns where it starts is written on that line. Agents read this
// output and pay for every character: a caller `{"function": "main", "module": "./main.js", "calls": 1}`
// took five lines, an array of ten numbers twelve, and the indentation was a third of a --call answer.
// The data is the same JSON either way (`JSON.parse` of both gives one value).

export const JSON_LINE_WIDTH = 100;

export function jsonText(value: unknown, width = JSON_LINE_WIDTH): string {
  return write(value, '', 0, width) ?? 'null';
}

/** `value` as JSON starting `column` characters after `indent`; undefined where JSON.stringify leaves it out. */
function write(value: unknown, indent: string, column: number, width: number): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON(): unknown }).toJSON(), indent, column, width);
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const isArray = Array.isArray(value);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  const entries: [string, unknown][] = isArray
    ? (value as unknown[]).map((item) => ['', item])
    : Object.entries(value as Record<string, unknown>).map(([key, item]) => [`${JSON.stringify(key)}: `, item]);
  const members: [string, unknown][] = [];
  for (const [key, item] of entries) {
    // as JSON.stringify: an array keeps its place with null, an object drops the key
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') {
      if (isArray) members.push([key, null]);
    } else {
      members.push([key, item]);
    }
  }
  if (members.length === 0) return `${open}${close}`;
  const oneLine = `${open}${members.map(([key, item]) => key + write(item, '', 0, Infinity)).join(', ')}${close}`;
  if (indent.length + column + oneLine.length <= width) return oneLine;
  const inner = `${indent}  `;
  const lines = members.map(([key, item]) => `${inner}${key}${write(item, inner, key.length, width)}`);
  return `${open}\n${lines.join(',\n')}\n${indent}${close}`;
}
