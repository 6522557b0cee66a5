import { describe, expect, it } from 'vitest';
import { withoutReceiver } from './call-query.js';

describe('withoutReceiver', () => {
  it("drops the top-level `this` member of captured arguments, wherever it is, and nothing else", () => {
    expect(withoutReceiver('{"a":1,"this":{"$class":"Cart","items":[1,{"this":2}]}}')).toBe('{"a":1}');
    expect(withoutReceiver('{"this":{"$type":"truncated","reason":"depth","of":"Parser"}}')).toBe('{}');
    expect(withoutReceiver('{"this":1,"a":[",\\"this\\":",{"b":"}"}]}')).toBe('{"a":[",\\"this\\":",{"b":"}"}]}');
    // a nested `this`, and one inside a string, are the arguments' own
    expect(withoutReceiver('{"o":{"this":1},"s":"x,\\"this\\":2"}')).toBe('{"o":{"this":1},"s":"x,\\"this\\":2"}');
    expect(withoutReceiver('["this":1]')).toBe('["this":1]');
    expect(withoutReceiver('{"a":"\\\\","this":3}')).toBe('{"a":"\\\\"}');
  });
});
