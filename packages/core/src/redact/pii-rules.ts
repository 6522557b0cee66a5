// Personal data no secret scanner covers: payment cards (in strings and as numbers), US SSNs, IBANs.
// Each shape is confirmed by its validator; a shape that fails it is an id, a timestamp or a phone
// number, and stays.

import type { Span } from './spans.js';
import { ibanCountryKnown, ibanValid, isCardNumber, ssnValid } from './validators.js';

// 12-19 digits, optionally grouped by single spaces or dashes; not part of a longer number, a decimal,
// a dashed id or a phone number (`+44 ...`).
const CARD = /(?<![0-9A-Za-z.+-])\d(?:[ -]?\d){11,18}(?![0-9A-Za-z]|-\d)/g;

export function findCardNumbers(text: string, spans: Span[]): void {
  CARD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CARD.exec(text)) !== null) {
    const candidate = m[0];
    const digits = candidate.replace(/[ -]/g, '');
    if (/[ -]/.test(candidate) && (!/^\d{4}([ -])\d{4,6}\1\d{4,5}(?:\1\d{1,4}){0,2}$/.test(candidate) || inLongerGrouping(text, m.index, candidate))) continue;
    if (isCardNumber(digits)) spans.push({ start: m.index, end: m.index + candidate.length, rule: 'card-number' });
  }
}

/**
 * Groups that go on past the candidate on either side belong to a longer grouped number (the digits of an
 * IBAN after `CZ69 `, an account number): `4111 1111 1111 1111` after `VISA ` is still a card.
 */
function inLongerGrouping(text: string, start: number, candidate: string): boolean {
  const separator = candidate[4];
  const end = start + candidate.length;
  if (text[end] === separator && isDigit(text.charCodeAt(end + 1))) return true;
  // a group of its own: four letters or digits, one a digit, with no letter or digit before them
  return start >= 5 && text[start - 1] === separator && PREVIOUS_GROUP.test(text.slice(Math.max(0, start - 6), start - 1));
}
const PREVIOUS_GROUP = /^(?:^|[^A-Za-z0-9])(?=[A-Za-z]*\d)[A-Za-z0-9]{4}$/;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** A card number stored as a JavaScript number (`{cardNumber: 4024007103939509}`). */
export function isCardNumberValue(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1e11 && isCardNumber(String(n));
}

const SSN = /(?<![0-9-])(\d{3})([- ])(\d{2})\2(\d{4})(?![0-9]|-\d)/g;
// Nine undashed digits are a SSN only when the text says so.
const SSN_IN_WORDS = /\b(?:ssn|social security(?: number| no\.?)?)\b[^0-9\n]{0,20}(\d{9})(?![0-9])/gi;

export function findSsns(text: string, spans: Span[]): void {
  SSN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SSN.exec(text)) !== null) {
    if (ssnValid(m[1], m[3], m[4])) spans.push({ start: m.index, end: m.index + m[0].length, rule: 'ssn' });
  }
  SSN_IN_WORDS.lastIndex = 0;
  while ((m = SSN_IN_WORDS.exec(text)) !== null) {
    const digits = m[1];
    if (!ssnValid(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5))) continue;
    const start = m.index + m[0].length - digits.length;
    spans.push({ start, end: start + digits.length, rule: 'ssn' });
  }
}

// Upper case as printed, or lower case as typed into a form or normalised by a program; never mixed.
const IBAN = /(?<![A-Za-z0-9])(?:[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?|[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?)(?![A-Za-z0-9])/g;

export function findIbans(text: string, spans: Span[]): void {
  IBAN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IBAN.exec(text)) !== null) {
    // a lower-case one must also name a country of the registry with its length (mod-97 alone passes 1 in 97)
    const lower = m[0].charCodeAt(0) >= 97;
    // The pattern may swallow a following upper-case word; drop trailing groups until it validates.
    let candidate = m[0];
    while (candidate.length >= 15) {
      const compact = candidate.replace(/ /g, '').toUpperCase();
      if ((!lower || ibanCountryKnown(compact)) && ibanValid(compact)) {
        spans.push({ start: m.index, end: m.index + candidate.length, rule: 'iban' });
        break;
      }
      const lastSpace = candidate.lastIndexOf(' ');
      if (lastSpace < 0) break;
      candidate = candidate.slice(0, lastSpace);
    }
  }
}
