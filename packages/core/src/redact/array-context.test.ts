import { describe, expect, it } from 'vitest';
import { arrayContext } from './array-context.js';
import { createKeyClassifier } from './key-names.js';

const keys = createKeyClassifier();

describe('arrayContext', () => {
  it('gives lists of words and paths no names (no option, no `set`: settled without the command rules)', () => {
    expect(arrayContext(['address', 'geo', 'lat'], keys)).toEqual({ classes: null, cuts: null });
    expect(arrayContext(['password', 'email', 'token'], keys)).toEqual({ classes: null, cuts: null });
    expect(arrayContext(['mysql', 'db', 'SELECT 1'], keys)).toEqual({ classes: null, cuts: null });
  });

  it('still reads `set` with no option in the list', () => {
    expect(arrayContext(['aws', 'configure', 'set', 'aws_secret_access_key', 'X1'], keys).classes).toEqual(['none', 'none', 'none', 'none', 'secret']);
  });

  it('still reads options wherever they are', () => {
    expect(arrayContext(['deploy', 'prod', '--db-password', 'hunter2'], keys).classes).toEqual(['none', 'none', 'none', 'secret']);
    expect(arrayContext(['mysql', '-u', 'root', '-pS3cret'], keys).cuts).toEqual(new Map([[3, 2]]));
    expect(arrayContext(['htpasswd', '-b', '.htpasswd', 'ann', 'pw1'], keys).classes?.[4]).toBe('secret');
  });

  it('names the value of a pair by its first item, option dashes dropped', () => {
    expect(arrayContext(['password', 'hunter2'], keys).classes).toEqual(['none', 'secret']);
    expect(arrayContext(['--password', 'hunter2'], keys).classes).toEqual(['none', 'secret']);
    expect(arrayContext(['a', 'b'], keys)).toEqual({ classes: null, cuts: null });
    expect(arrayContext([`AC${'0'.repeat(32)}`, 'f'.repeat(32)], keys).classes).toEqual(['none', 'secret']);
  });
});
