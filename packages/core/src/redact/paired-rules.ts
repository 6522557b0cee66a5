// The second half of a credential pair, recognised by the first half beside it in the same string.
// A secret with no prefix of its own (an AWS secret access key, a Twilio auth token) is 40 base64 or 32
// hex characters, shapes that hashes share; next to its account's identifier in one string (a constructor
// call, a config line, a `curl -u`) it is the credential. TruffleHog pairs them the same way.

import type { Span } from './spans.js';

/** An AWS access key id (long-term `AKIA` or temporary `ASIA`): its secret is 40 base64 characters. */
const AWS_KEY_ID = /(?<![A-Za-z0-9])A[KS]IA[A-Z0-9]{16}(?![A-Za-z0-9])/;
const AWS_SECRET_SHAPE = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g;

/** A Twilio Account SID (`AC` and 32 lower-case hex digits): its auth token is 32 lower-case hex digits. */
function hasTwilioAccountSid(text: string): boolean {
  // `AC` is common in base64 and upper-case words: a native search, then the next two characters, before a regex
  for (let at = text.indexOf('AC'); at >= 0 && at + 34 <= text.length; at = text.indexOf('AC', at + 2)) {
    if (isLowerHex(text.charCodeAt(at + 2)) && isLowerHex(text.charCodeAt(at + 3)) && TWILIO_ACCOUNT_SID.test(text.slice(at > 0 ? at - 1 : 0, at + 35))) return true;
  }
  return false;
}
const TWILIO_ACCOUNT_SID = /(?:^|[^A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])/;
const isLowerHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
const TWILIO_TOKEN_SHAPE = /(?<![A-Za-z0-9])[0-9a-f]{32}(?![A-Za-z0-9])/g;

export function findPairedSecrets(text: string, spans: Span[]): void {
  if ((text.includes('AKIA') || text.includes('ASIA')) && AWS_KEY_ID.test(text)) {
    AWS_SECRET_SHAPE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = AWS_SECRET_SHAPE.exec(text)) !== null) {
      // generated: upper case, lower case and a digit (a git sha, a hex digest or a word run is not)
      const s = m[0];
      if (/[0-9]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s) && !s.endsWith('EXAMPLEKEY')) spans.push({ start: m.index, end: m.index + s.length, rule: 'aws-secret-key' });
    }
  }
  if (hasTwilioAccountSid(text)) {
    TWILIO_TOKEN_SHAPE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = TWILIO_TOKEN_SHAPE.exec(text)) !== null) {
      if (/[a-f]/.test(m[0]) && /[0-9]/.test(m[0])) spans.push({ start: m.index, end: m.index + m[0].length, rule: 'twilio-auth-token' });
    }
  }
}
