// Checks that stand in for verification: a tracer cannot ask a provider whether a token is live, but
// it can check what the format itself guarantees (a checksum, an issuer range, a decodable header).
// A shape without its checksum is a look-alike (an order number, a snowflake id), not a secret.

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Issuer ranges of payment cards (the first digit is 2 to 6; the length fits the network). Luhn alone
 * is true of one number in ten, so snowflake ids and timestamps pass it; the issuer range does not.
 */
export function cardIssuerValid(digits: string): boolean {
  const len = digits.length;
  if (len < 12 || len > 19) return false;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  const six = Number(digits.slice(0, 6));
  switch (digits.charCodeAt(0) - 48) {
    case 2: // Mastercard 2-series, Mir
      return (four >= 2221 && four <= 2720 && len === 16) || (four >= 2200 && four <= 2204 && len >= 16);
    case 3:
      if (two === 34 || two === 37) return len === 15; // American Express
      if (four >= 3528 && four <= 3589) return len >= 16; // JCB
      // Diners: 14 digits (36), 16 on the Discover network; an 18-digit `39…` is a snowflake id of 2017
      if ((six >= 300000 && six <= 305999) || two === 36 || two === 38 || two === 39) return len === 14 || len === 16;
      return false;
    case 4: // Visa
      return len === 13 || len === 16 || len === 19;
    // Maestro, Discover, UnionPay and RuPay numbers are 16 to 19 digits: the 12-15-digit Maestro numbers
    // once issued are all but gone, and a 12-digit number is far more often an id (an AWS account)
    case 5: // Mastercard 51-55, Maestro 50 and 56-58
      return two >= 51 && two <= 55 ? len === 16 : (two === 50 || (two >= 56 && two <= 58)) && len >= 16;
    case 6: // Discover, UnionPay, Maestro, RuPay
      return len >= 16;
    default:
      return false;
  }
}

export function isCardNumber(digits: string): boolean {
  return cardIssuerValid(digits) && !/^(\d)\1+$/.test(digits) && luhnValid(digits);
}

/** A US SSN as issued: area not 000, 666 or 900-999; group not 00; serial not 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900 || group === '00' || serial === '0000') return false;
  // numbers the SSA voided after they were printed as samples (wallet inserts, advertising)
  const ssn = area + group + serial;
  return ssn !== '078051120' && ssn !== '219099999' && !ssn.startsWith('98765432');
}

/** IBAN lengths by country (ISO 13616 registry); countries not listed are checked by mod-97 only. */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22,
  GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31,
  MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24,
  SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** True when the IBAN (upper case) starts with a country of the registry and has that country's length. */
export function ibanCountryKnown(compact: string): boolean {
  return IBAN_LENGTHS[compact.slice(0, 2)] === compact.length;
}

/** IBAN (spaces removed, upper case): country length and the ISO 7064 mod-97 check. */
export function ibanValid(compact: string): boolean {
  if (compact.length < 15 || compact.length > 34) return false;
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expected !== undefined && expected !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    const v = c >= 65 ? c - 55 : c - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

let crcTable: Uint32Array | null = null;

export function crc32(text: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = crcTable[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm (`npm_`) tokens: 30 random base62 characters
 * followed by the CRC32 of those 30, in base62, 6 characters wide.
 */
export function prefixedCrc32TokenValid(token: string): boolean {
  const body = token.slice(token.length - 36, token.length - 6);
  let n = crc32(body);
  let check = '';
  for (let i = 0; i < 6; i++) {
    check = BASE62[n % 62] + check;
    n = Math.floor(n / 62);
  }
  return token.endsWith(check);
}

/** A JWT's first segment decodes to a JSON object with an `alg` (JWS) or `enc` (JWE) member. */
export function jwtHeaderValid(token: string): boolean {
  const dot = token.indexOf('.');
  if (dot < 0) return false;
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && ('alg' in header || 'enc' in header);
  } catch {
    return false;
  }
}

/** True when base64 text decodes to a PEM header of private key material (`-----BEGIN … PRIVATE KEY-----`). */
export function base64PemPrivateKey(text: string): boolean {
  const header = Buffer.from(text.slice(0, 84), 'base64').toString('latin1');
  return /^-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/.test(header);
}

/**
 * True when base64 text decodes to JSON that carries a private key: a Google service-account file
 * (`"private_key": "-----BEGIN PRIVATE KEY-----…"`) passed base64-encoded through one environment
 * variable (`GOOGLE_CREDENTIALS`, Terraform's and GitHub Actions' `credentials_json`).
 */
export function base64JsonPrivateKey(text: string): boolean {
  const json = Buffer.from(text.slice(0, 16384), 'base64').toString('latin1');
  return /^\s*\{/.test(json) && /PRIVATE KEY-----|"private_key"\s*:\s*"[^"]{40}/.test(json);
}
