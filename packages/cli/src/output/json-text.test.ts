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
});
