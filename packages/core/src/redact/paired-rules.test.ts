// The second half of a credential pair, found by the first half in the same string.
import { describe, expect, it } from 'vitest';
import { randomString } from './__fixtures__/test-tokens.js';
import { redact } from './index.js';

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const text = (v: unknown): string => JSON.stringify(redact(v));

describe('credential pairs in one string', () => {
  const keyId = 'AKIA' + randomString(16, 21, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
  const secret = randomString(40, 22, B64);

  it('an AWS secret key beside its access key id (a constructor call, a Python dict repr)', () => {
    expect(text(`new BasicAWSCredentials("${keyId}", "${secret}");`)).not.toContain(secret);
    expect(text(`{'aws_access_key_id': '${keyId}', 'secret': '${secret}'}`)).not.toContain(secret);
  });

  it('a git sha or a hex digest beside an access key id stays', () => {
    const sha = randomString(40, 23, HEX);
    const out = text(`commit ${sha} rotated ${keyId}`);
    expect(out).toContain(sha);
    expect(out).not.toContain(keyId);
  });

  it('a 40-character base64 run without an access key id is not a secret', () => {
    const sample = { thumbnailHash: secret };
    expect(redact(sample)).toEqual(sample);
  });

  it('a Twilio auth token beside its Account SID', () => {
    const sid = 'AC' + randomString(32, 24, HEX);
    const token = randomString(32, 25, HEX);
    const out = text(`client = Client("${sid}", "${token}")`);
    expect(out).not.toContain(token);
    expect(out).toContain(sid);
  });
});
