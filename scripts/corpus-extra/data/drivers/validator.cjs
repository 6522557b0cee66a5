'use strict';
// validator 13 (CJS, Babel-compiled: ~100 modules with interop helpers,
// `_default` exports, big regex and locale tables): run every is*/sanitiser
// the package exports over seeded strings and a list of edge cases, with
// several option sets, and catch the TypeError it throws for non-strings.
const validator = require('validator');
const isEmailDirect = require('validator/lib/isEmail');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(31415);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const samples = [
  'foo@bar.com', 'x@localhost', '"quoted"@ex.org', 'bad@@x', 'http://example.com/a?b=c#d', 'ftp://u:p@host:21/x', 'example', '//no.proto',
  '192.168.1.1', '::1', '2001:db8::ff00:42:8329', '256.1.1.1', '10.0.0.0/8', 'fe80::/10', 'de:ad:be:ef:00:01', '4111111111111111', '378282246310005',
  '2024-02-29', '2023-02-29', '2024-02-29T12:00:00Z', '12:30', '25:00', 'GB82WEST12345698765432', 'DE89370400440532013000', '978-3-16-148410-0',
  '0-306-40615-2', 'SGVsbG8=', 'SGVsbG8', 'aGk', '#ff00ff', 'rgb(1,2,3)', 'hsl(120, 50%, 50%)', 'deadBEEF', '0xff', '0o17', '-12.5e3', '1,234.56', '1.234,56',
  '$1,000.00', '€ 5', 'true', 'no', 'ABC', 'abc123', 'Ünïcödé', '  trim me  ', '<script>alert(1)</script>', 'a&b<c>"d\'', '550e8400-e29b-41d4-a716-446655440000',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', '{"a":1}', '[1,2', '+14155552671', '(415) 555-2671', '+44 20 7946 0958', 'AB12 3CD', '90210', '75008',
  'W123456', 'magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a', 'data:text/plain;base64,SGVsbG8=', 'sha256-abc', 'd41d8cd98f00b204e9800998ecf8427e',
  'A1B2C3', '1HGCM82633A004352', 'LU', 'US', 'USD', 'en-US', 'zh-Hant-TW', '   ', '', 'semver 1.2.3', '1.2.3-beta.1+build', 'slug-like-this', 'Not_A-slug--',
  'Pa$$w0rd!', 'weak', 'mailto:a@b.c', 'ETH 0x742d35Cc6634C0532925a3b844Bc454e4438f44e', '0x742d35Cc6634C0532925a3b844Bc454e4438f44e', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
  '-90.0, 180.0', '91,0', 'MMXXIV', '2024-W05', '1 Jan 2024', '00:1A:2B:3C:4D:5E', 'image/png', 'text/html; charset=utf-8', 'ar-EG', '١٢٣', '１２３',
];
for (let i = 0; i < 1500; i++) {
  samples.push(Array.from({ length: 1 + Math.floor(rand() * 20) }, () => pick(['a', 'Z', '9', '.', '@', '-', '_', ':', '/', ' ', 'é', '0', 'x', '+', '=', ',', '%'])).join(''));
}

const d = new Digest('validator');
const skip = new Set(['version', 'toString', 'isIn', 'matches', 'contains', 'equals', 'isAfter', 'isBefore', 'isWhitelisted', 'blacklist', 'whitelist']);
const fns = Object.keys(validator).filter((k) => typeof validator[k] === 'function' && !skip.has(k)).sort();
let calls = 0;
let trues = 0;
const table = {};
for (const name of fns) {
  const res = [];
  for (const s of samples) {
    let r;
    try {
      r = validator[name](s);
    } catch (e) {
      r = `!${e.constructor.name}:${e.message}`;
    }
    calls++;
    if (r === true) trues++;
    res.push(r instanceof Date ? (Number.isNaN(r.getTime()) ? 'Invalid Date' : r.toISOString()) : r);
  }
  table[name] = res;
}
d.add('table', table);

// Option sets and argument-taking validators.
const opts = [];
for (const s of samples.slice(0, 100)) {
  opts.push([
    validator.isEmail(s, { allow_display_name: true, require_tld: false, allow_ip_domain: true }),
    validator.isURL(s, { require_protocol: true, protocols: ['http', 'https'], allow_underscores: true }),
    validator.isMobilePhone(s, ['en-US', 'en-GB', 'de-DE'], { strictMode: false }),
    validator.isPostalCode(s, 'any'),
    validator.isFloat(s, { min: -100, max: 1e5, locale: 'de-DE' }),
    validator.isInt(s, { allow_leading_zeroes: false, gt: 0 }),
    validator.isLength(s, { min: 2, max: 10 }),
    validator.isAlpha(s, 'de-DE', { ignore: ' -' }),
    validator.isCurrency(s, { symbol: '€', allow_space_after_symbol: true, decimal_separator: ',', thousands_separator: '.' }),
    validator.isStrongPassword(s, { returnScore: true }),
    validator.isIn(s, ['true', 'ABC', '']),
    validator.matches(s, /^[a-z]+\d*$/i),
    validator.contains(s, 'a', { ignoreCase: true, minOccurrences: 2 }),
    validator.isAfter(s, '2020-01-01'),
    validator.isISO8601(s, { strict: true, strictSeparator: true }),
    validator.normalizeEmail(s, { gmail_remove_dots: true }) || 'x',
    validator.blacklist(s, 'aeiou'),
    validator.whitelist(s, 'a-z0-9'),
    validator.escape(s),
    validator.unescape(validator.escape(s)),
    validator.isIdentityCard(s, 'any'),
    validator.isTaxID(s, 'en-US'),
    validator.isLicensePlate(s, 'any'),
    validator.isVAT(s, 'GB'),
    validator.isPassportNumber(s, 'US'),
  ]);
}
d.add('options', opts);
console.log(`validators=${fns.length} first=${fns.slice(0, 4).join(',')} isEmail(foo@bar.com)=${isEmailDirect.default('foo@bar.com')}`);

// Errors: non-string input (assertString), unknown locales.
const errors = [];
const frames = [];
for (const bad of [() => validator.isEmail(42), () => validator.isAlpha('abc', 'xx-XX'), () => validator.isMobilePhone('123', 'zz-ZZ'), () => validator.isPostalCode('123', 'QQ'), () => validator.isEmail(null), () => validator.toInt({})]) {
  try {
    errors.push(String(bad()));
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ functions: fns.length, samples: samples.length, calls, trues });
printStackLines(frames);
