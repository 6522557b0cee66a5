import { describe, expect, it } from 'vitest';
import { exceptionOf } from './run-scope.js';

describe('exceptionOf', () => {
  it("gives a captured error with an empty message an empty message, not the error's JSON", () => {
    // babel's parser errors: `new SyntaxError()`, the message a getter on the instance
    const stack = 'SyntaxError\n    at constructor (/app/node_modules/@babel/parser/lib/index.js:369:19)';
    const text = JSON.stringify({ $type: 'Error', class: 'SyntaxError', name: 'SyntaxError', message: '', stack, props: { code: 'BABEL_PARSER_SYNTAX_ERROR' } });
    expect(exceptionOf(text)).toEqual({ type: 'SyntaxError', message: '', stack });
  });

  it('keeps the message of an error, and the JSON of a thrown object without one', () => {
    expect(exceptionOf(JSON.stringify({ $type: 'Error', class: 'RangeError', name: 'RangeError', message: 'too big', stack: null }))).toMatchObject({ type: 'RangeError', message: 'too big' });
    expect(exceptionOf(JSON.stringify({ code: 42 }))).toEqual({ type: 'Object', message: '{"code":42}', stack: null });
  });
});
