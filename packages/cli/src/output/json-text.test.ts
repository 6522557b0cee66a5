import { describe, expect, it } from 'vitest';
import { jsonText } from './json-text.js';

describe('jsonText', () => {
  it('writes an object or array that fits in the width on one line, the rest indented by two', () => {
    const answer = {
      function: 'median',
      callers: [{ function: 'describe', module: './stats-worker.js', calls: 2 }],
      callees: [],
      calls: [{ args: { values: [120, 95, 1000, 101, 99, 250, 87, 130, 9, 110] }, return_value: 190, note: 'x'.repeat(120) }],
    };
    expect(jsonText(answer)).toBe(
      [
        '{',
        '  "function": "median",',
        '  "callers": [{"function": "describe", "module": "./stats-worker.js", "calls": 2}],',
        '  "callees": [],',
        '  "calls": [',
        '    {',
        '      "args": {"values": [120, 95, 1000, 101, 99, 250, 87, 130, 9, 110]},',
        '      "return_value": 190,',
        `      "note": "${'x'.repeat(120)}"`,
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
  });

  it('counts the indentation and the key in the width', () => {
    const row = { a: 'x'.repeat(30), b: 'y'.repeat(30) };
    // 73 characters on one line: it fits at the top, not once nested four deep under a long key
    expect(jsonText(row, 80)).toBe(JSON.stringify(row).replace(',', ', ').replace(/":"/g, '": "'));
    expect(jsonText({ level1: { level2: { aVeryLongKeyName: row } } }, 80)).toContain('"aVeryLongKeyName": {\n');
  });

  it('is the same JSON as JSON.stringify: undefined members left out (in arrays, null), toJSON honoured, strings escaped', () => {
    const value = {
      kept: 1,
      dropped: undefined,
      fn: () => 1,
      list: [1, undefined, () => 2, 'line\nbreak "quoted"'],
      when: new Date(0),
      nested: { deeper: { deepest: ['a'.repeat(200)] } },
      empty: { inner: [] },
    };
    const text = jsonText(value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(text).not.toContain('dropped');
    expect(text).toContain('"list": [1, null, null, "line\\nbreak \\"quoted\\""]');
    expect(jsonText(undefined)).toBe('null');
    expect(jsonText('plain')).toBe('"plain"');
  });

  it('looks at each level of a deeply nested value a bounded number of times (linear, not quadratic, in depth)', () => {
    // zod-deep's input (scripts/corpus-extra/web): a string in 700 one-element arrays, as a capture with
    // a high max_depth records it, and an object tree of the same depth; every level counts the times
    // its members are listed.
    const listed: number[] = [];
    const counted = <T extends object>(value: T, level: number): T =>
      new Proxy(value, {
        ownKeys(target) {
          listed[level] = (listed[level] ?? 0) + 1;
          return Reflect.ownKeys(target);
        },
      });
    let nested: unknown = 'leaf700';
    let tree: unknown = { id: 700 };
    for (let level = 699; level >= 0; level--) {
      nested = counted([nested], level);
      tree = counted({ id: level, child: tree }, level);
    }
    for (const value of [nested, tree]) {
      listed.length = 0;
      const text = jsonText(value);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      // a level is listed by its own line and by the few levels above it whose one-line form it could end
      expect(Math.max(...listed)).toBeLessThanOrEqual(60);
    }
  });
});
