import { describe, expect, it } from 'vitest';
import { renderTable } from './table.js';

describe('renderTable', () => {
  it('prints scalar fields above the first list, as aligned columns', () => {
    const text = renderTable({
      function: 'multiply',
      total_calls: 2,
      calls: [
        { args: { a: 7, b: 6 }, return_value: 42, called_by: 'main' },
        { args: { a: 100, b: 2 }, return_value: 200, called_by: 'calculateTotal', exception: null },
      ],
    });
    expect(text).toBe(
      [
        'function: multiply',
        'total_calls: 2',
        'args             return_value  called_by       exception',
        '---------------  ------------  --------------  ---------',
        '{"a":7,"b":6}    42            main',
        '{"a":100,"b":2}  200           calculateTotal',
        '',
      ].join('\n'),
    );
  });

  it("makes the table of the list it is given (--call's calls, not the callers listed before them)", () => {
    const answer = {
      function: 'paginate',
      callers: [{ function: 'listProducts', module: './catalog.js', calls: 4 }],
      calls: [{ args: { page: 2, limit: '3' }, return_value: 30 }],
    };
    const text = renderTable(answer, 'calls');
    expect(text.split('\n').slice(0, 4)).toEqual([
      'function: paginate',
      'args                    return_value',
      '----------------------  ------------',
      '{"page":2,"limit":"3"}  30',
    ]);
    expect(text).toContain('callers: [{"function":"listProducts","module":"./catalog.js","calls":4}]');
    // without it, the first list of records
    expect(renderTable(answer).split('\n')[1]).toBe('function      module        calls');
  });

  it('makes the table of the list of records, not of a list of names before it (--sql)', () => {
    const text = renderTable({ columns: ['kind', 'n'], rows: [{ kind: 0, n: 12 }, { kind: 3, n: 4 }] });
    expect(text.split('\n').slice(0, 4)).toEqual(['kind  n', '----  --', '0     12', '3     4']);
    expect(text).not.toContain('columns:'); // they head the table
    // an empty answer still shows its columns
    expect(renderTable({ columns: ['x', 'name'], rows: [], truncated: false })).toBe('truncated: false\nx  name\n-  ----\n(no rows)\n');
  });

  it('cuts long cells and says when a list is empty', () => {
    const long = 'x'.repeat(100);
    expect(renderTable({ rows: [{ text: long }] })).toContain(`${'x'.repeat(59)}…`);
    expect(renderTable({ runs: [] })).toBe('(none)\n');
  });
});
