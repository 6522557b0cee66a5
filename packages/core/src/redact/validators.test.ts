import { describe, expect, it } from 'vitest';
import { crc32, ibanValid, isCardNumber, jwtHeaderValid, luhnValid, prefixedCrc32TokenValid, ssnValid } from './validators.js';
import { githubToken } from './__fixtures__/test-tokens.js';

describe('validators', () => {
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
  it('cards need Luhn and an issuer range', () => {
    expect(isCardNumber('4111111111111111')).toBe(true); // Visa
    expect(isCardNumber('5555555555554444')).toBe(true); // Mastercard
    expect(isCardNumber('2223003122003222')).toBe(true); // Mastercard 2-series
    expect(isCardNumber('378282246310005')).toBe(true); // Amex
    expect(isCardNumber('6011111111111117')).toBe(true); // Discover
    expect(isCardNumber('1344762335078483293')).toBe(false); // Luhn-valid snowflake id
    expect(isCardNumber('0000000000000000')).toBe(false);
    expect(isCardNumber('4111111111111112')).toBe(false);
    // 12-digit Luhn-valid ids with a Maestro or Discover first digit: AWS account ids, not cards
    expect(isCardNumber('636941588379')).toBe(false);
    expect(isCardNumber('501234567896')).toBe(false);
    expect(isCardNumber('6759649826438453')).toBe(true); // Maestro, 16 digits
    expect(isCardNumber('30569309025904')).toBe(true); // Diners, 14 digits
    expect(isCardNumber('390352505795130969')).toBe(false); // an 18-digit Discord id, Luhn-valid
  });
  it('SSN ranges', () => {
    expect(ssnValid('123', '45', '6789')).toBe(true);
    expect(ssnValid('000', '45', '6789')).toBe(false);
    expect(ssnValid('666', '45', '6789')).toBe(false);
    expect(ssnValid('912', '45', '6789')).toBe(false);
    expect(ssnValid('123', '00', '6789')).toBe(false);
    expect(ssnValid('123', '45', '0000')).toBe(false);
  });
  it('IBAN mod-97 and country length', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB83WEST12345698765432')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false);
  });
  it('CRC32 and GitHub/npm token checksums', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    const token = githubToken('ghp_');
    expect(prefixedCrc32TokenValid(token)).toBe(true);
    expect(prefixedCrc32TokenValid(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBe(false);
  });
  it('JWT header decodes to JSON with alg', () => {
    const h = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    expect(jwtHeaderValid(`${h}.eyJzdWIiOiIxIn0.sig`)).toBe(true);
    expect(jwtHeaderValid(`${Buffer.from('{"page":2}').toString('base64url')}.x.y`)).toBe(false);
  });
});
