'use strict';
// moment 2 (CJS; the minified UMD bundle with locales, a `//!` licence banner
// above one very long line, plus the readable moment.js with separately
// required locale files): parse, format, manipulate and diff seeded dates in
// UTC and fixed offsets, durations and humanize, 30 locales, custom locale
// callbacks, invalid dates, a deprecation warning on stderr, and an error
// thrown from a user callback through the minified bundle's frames.
const moment = require('moment/min/moment-with-locales.min.js');
const plainMoment = require('moment');
require('moment/locale/fr');
require('moment/locale/ja');
require('moment/locale/ar');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(19700101);
const d = new Digest('moment');
const BASE = Date.UTC(2001, 0, 1);
const formats = ['YYYY-MM-DD', 'LLLL', 'dddd, MMMM Do YYYY, h:mm:ss a', 'YYYY [escaped] YYYY', 'x X', 'Q Qo W Wo gggg GGGG', 'll LTS', 'DDDD DDDo w wo e E', 'Z ZZ', 'kk:mm SSS'];
const units = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds', 'quarters'];
const locales = moment.locales().filter((l) => l !== 'x-pseudo').sort().slice(0, 30);

let formatted = 0;
for (let i = 0; i < 400; i++) {
  const ms = BASE + Math.floor(rand() * 2e12) - 1e12;
  const m = moment.utc(ms).utcOffset(Math.floor(rand() * 25 - 12) * 60);
  const out = [];
  for (const f of formats) out.push(m.format(f));
  formatted += formats.length;
  const other = m.clone().add(Math.floor(rand() * 1000) - 500, units[i % units.length]).subtract(3, 'hours');
  out.push(other.toISOString(), m.diff(other, 'days', true).toFixed(6), m.diff(other, units[(i + 3) % units.length]));
  out.push(m.clone().startOf('isoWeek').format(), m.clone().endOf('quarter').format(), m.isBefore(other), m.isSame(other, 'year'), m.isBetween(other, m, 'day', '[)'));
  out.push(m.from(other), m.to(other, true), other.calendar(m));
  out.push(m.toObject(), m.toArray(), m.toJSON(), m.valueOf(), m.unix(), m.daysInMonth(), m.isLeapYear(), m.weeksInYear(), m.isoWeeksInYear());
  const loc = locales[i % locales.length];
  const lm = m.clone().locale(loc);
  out.push(loc, lm.format('LLLL'), lm.format('dddd MMMM Do'), lm.fromNow === undefined ? null : lm.from(other), lm.localeData().ordinal(i));
  d.add(`date${i}`, out);
}

// Parsing with formats, strict mode and invalid input.
const inputs = ['2010-10-20 4:30 +0000', '10/20/2010', '20 October 2010', '2010-W42-3', '2010-293', 'not a date', '2010-13-45', '12-25-1995', '1995-12-25T10:00:00.123+05:30', '31/02/2020'];
for (const s of inputs) {
  const strict = moment.utc(s, ['YYYY-MM-DD H:mm Z', 'MM/DD/YYYY', 'DD MMMM YYYY', 'GGGG-[W]WW-E', 'YYYY-DDDD', 'MM-DD-YYYY', moment.ISO_8601], true);
  const flags = strict.parsingFlags();
  d.add(`parse:${s}`, { valid: strict.isValid(), iso: strict.isValid() ? strict.toISOString() : null, at: strict.invalidAt(), overflow: flags.overflow, unused: flags.unusedTokens, fmt: strict._f || null });
}

// Durations and humanize, with relative time thresholds.
moment.relativeTimeThreshold('s', 50);
moment.relativeTimeRounding(Math.floor);
for (let i = 0; i < 200; i++) {
  const dur = moment.duration(Math.floor(rand() * 1e10) * (rand() < 0.2 ? -1 : 1));
  const iso = dur.toISOString();
  d.add(`dur${i}`, [iso, dur.humanize(), dur.humanize(true), dur.locale(locales[i % locales.length]).humanize({ d: 10 }), dur.as('hours'), dur.get('minutes'), moment.duration(iso).asMilliseconds(), dur.clone().add(1, 'month').subtract({ days: 3 }).toJSON()]);
}
d.add('durparse', ['P1Y2M3DT4H5M6S', '1.02:03:04.567', '-PT36H', 'garbage'].map((s) => { const x = moment.duration(s); return [x.isValid(), x.toISOString(), x.asSeconds()]; }));

// The readable copy with its own locale files agrees with the bundle.
for (const loc of ['fr', 'ja', 'ar']) {
  const a = plainMoment.utc(BASE).locale(loc);
  const b = moment.utc(BASE).locale(loc);
  d.add(`plain:${loc}`, [a.format('LLLL'), a.format('LLLL') === b.format('LLLL'), a.add(40, 'days').fromNow === undefined, plainMoment.localeData(loc).months().join(',')]);
}

// A custom locale with callbacks; one of them throws through moment's frames.
moment.defineLocale('x-driver', {
  parentLocale: 'en',
  months: 'Jan_Feb_Mar_Apr_May_Jun_Jul_Aug_Sep_Oct_Nov_Dec'.split('_').map((m) => `${m}!`),
  ordinal(n) { return `${n}#`; },
  meridiem(h) { if (h === 13) throw new Error('unlucky hour'); return h < 12 ? 'am!' : 'pm!'; },
  calendar: { sameDay() { return this.minutes() ? '[today at] LT' : '[on the hour]'; }, sameElse: 'L' },
});
d.add('custom', [moment.utc(BASE).locale('x-driver').format('MMMM Do a'), moment.utc(BASE).locale('x-driver').calendar(moment.utc(BASE))]);
moment.locale('en');

const errors = [];
const frames = [];
try {
  moment.utc(BASE).hour(13).locale('x-driver').format('h a');
  errors.push('no error');
} catch (e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
try {
  plainMoment.utc(BASE).locale('fr').format({ toString() { throw new TypeError('bad format object'); } });
  errors.push('no error');
} catch (e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
const invalid = moment('2020-02-31', 'YYYY-MM-DD', true);
errors.push(`invalid: ${invalid.format()} ${invalid.invalidAt()} ${String(invalid.toDate())}`);

// A deprecated call prints a warning (with a stack) on stderr once.
moment.suppressDeprecationWarnings = false;
const warned = [];
moment.deprecationHandler = (name, msg) => warned.push(`${name}: ${msg.split('\n')[0]}`);
moment('Tue, 20 Nov 2001 10:00:00 +0000 (wrongzone)');
moment('2001 11 20 later');
plainMoment('2001 11 20 soon');
d.add('warnings', warned);

console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ formatted, locales: locales.length, warnings: warned.length });
printStackLines(frames);
