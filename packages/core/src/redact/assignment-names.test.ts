import { describe, expect, it } from 'vitest';
import { createRedactor } from './index.js';

// The name before `=` or `:` is read in place (dashes, a first letter or `_`, at most 64 characters
// after the dashes): these pin where a name starts and where it is too long to be one.
describe('assignment names', () => {
  const redact = (text: string) => createRedactor().redactString(text);
  const hidden = '[REDACTED:key-context]';

  it('up to two dashes, then a letter or _', () => {
    expect(redact('--password=hunter2-xyz-123')).toBe(`--password=${hidden}`);
    expect(redact('---password=hunter2-xyz-123')).toBe(`---password=${hidden}`);
    expect(redact('x --db-password=hunter2-xyz-123')).toBe(`x --db-password=${hidden}`);
    expect(redact('-_secret: s3cr3t-value-99')).toBe(`-_secret: ${hidden}`);
    expect(redact('x-y-z_token: abcdEFGH1234ijkl')).toBe(`x-y-z_token: ${hidden}`);
    expect(redact('a.password = hunter2-xyz-123')).toBe(`a.password = ${hidden}`);
    expect(redact('9password=hunter2-xyz-123')).toBe('9password=hunter2-xyz-123');
    expect(redact('-=x')).toBe('-=x');
  });

  it('64 characters after the dashes at most', () => {
    const name64 = `${'a'.repeat(55)}_password`;
    const name65 = `${'a'.repeat(56)}_password`;
    expect(name64).toHaveLength(64);
    expect(redact(`${name64}=hunter2-xyz-123`)).toBe(`${name64}=${hidden}`);
    expect(redact(`${name65}=hunter2-xyz-123`)).toBe(`${name65}=hunter2-xyz-123`);
    expect(redact(`--${name64}=hunter2-xyz-123`)).toBe(`--${name64}=${hidden}`);
    expect(redact(`--${name65}=hunter2-xyz-123`)).toBe(`--${name65}=hunter2-xyz-123`);
  });

  it('operators: `=`, `:`, `:=`, `=>`, repeated and back to back', () => {
    const cases: [string, string][] = [
      ["password := hunter2-xyz-123", "password := [REDACTED:key-context]"],
      ["token => abcdEFGH1234ijkl", "token => [REDACTED:key-context]"],
      ["a==b password==hunter2-xyz-123", "a==b password=[REDACTED:key-context]"],
      ["x: y: password: hunter2-xyz-123", "x: y: password: [REDACTED:key-context]"],
      ["pwd:=:=hunter2", "pwd:=[REDACTED:key-context]"],
      ["secret=>=>x9y8z7w6v5u4", "secret=>=>x9y8z7w6v5u4"],
      [":::password::hunter2-xyz", ":::password:[REDACTED:key-context]"],
      ["api_key=${API_KEY} password=hunter2-xyz-123", "api_key=${API_KEY} password=[REDACTED:key-context]"],
      ["=password=hunter2-xyz-123=", "=password=[REDACTED:key-context]"],
      ["password=\"a:b=c\" token=abc123def456ghi789", "password=\"[REDACTED:key-context]\" token=[REDACTED:key-context]"],
    ];
    for (const [text, expected] of cases) expect(redact(text), text).toBe(expected);
  });
});
