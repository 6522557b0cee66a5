'use strict';
// dayjs 1 (CJS; a minified UMD core, Dayjs class with prototype methods added
// by plugins, locale objects, utc/customParseFormat/relativeTime/duration/
// advancedFormat/isoWeek/timezone-free plugins): seeded timestamps formatted in
// many tokens, parsed back with custom formats, shifted/diffed/compared,
// relative times between fixed instants, durations, a locale, invalid dates,
// (duration.humanize() reads the clock, so only durations far from a rounding
// boundary are humanized), and a RangeError from an invalid date's toISOString.
const dayjs = require('dayjs');
const utc = require('dayjs/plugin/utc');
const customParseFormat = require('dayjs/plugin/customParseFormat');
const relativeTime = require('dayjs/plugin/relativeTime');
const duration = require('dayjs/plugin/duration');
const advancedFormat = require('dayjs/plugin/advancedFormat');
const isoWeek = require('dayjs/plugin/isoWeek');
const isBetween = require('dayjs/plugin/isBetween');
const minMax = require('dayjs/plugin/minMax');
const weekOfYear = require('dayjs/plugin/weekOfYear');
const localizedFormat = require('dayjs/plugin/localizedFormat');
const timezone = require('dayjs/plugin/timezone');
const objectSupport = require('dayjs/plugin/objectSupport');
const toObject = require('dayjs/plugin/toObject');
require('dayjs/locale/de');
require('dayjs/locale/ja');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

dayjs.extend(utc);
dayjs.extend(customParseFormat);
dayjs.extend(relativeTime, {
  thresholds: [
    { l: 's', r: 1 }, { l: 'm', r: 1 }, { l: 'mm', r: 59, d: 'minute' }, { l: 'h', r: 1 },
    { l: 'hh', r: 23, d: 'hour' }, { l: 'd', r: 1 }, { l: 'dd', r: 29, d: 'day' },
    { l: 'M', r: 1 }, { l: 'MM', r: 11, d: 'month' }, { l: 'y', r: 1 }, { l: 'yy', d: 'year' },
  ],
});
dayjs.extend(duration);
dayjs.extend(advancedFormat);
dayjs.extend(isoWeek);
dayjs.extend(isBetween);
dayjs.extend(minMax);
dayjs.extend(weekOfYear);
dayjs.extend(localizedFormat);
dayjs.extend(timezone);
dayjs.extend(objectSupport);
dayjs.extend(toObject);

// A plugin of our own: a method on the prototype and a static, as real plugins do.
dayjs.extend((option, Dayjs, factory) => {
  Dayjs.prototype.quarterName = function quarterName() {
    return `${option.prefix}${Math.floor(this.month() / 3) + 1}`;
  };
  factory.fromParts = (y, m, dd) => factory.utc(Date.UTC(y, m - 1, dd));
}, { prefix: 'Q' });

const rand = prng(19700101);
const d = new Digest('dayjs');
const base = Date.UTC(2001, 0, 1);
const span = Date.UTC(2035, 0, 1) - base;
const formats = [
  'YYYY-MM-DD HH:mm:ss.SSS', 'ddd, D MMM YYYY h:mm A', 'dddd [the] Do [of] MMMM', 'YY/M/D H:m:s Z ZZ',
  'Q [q] wo [w] W GGGG kk', 'X x', 'DD.MM.YYYY HH:mm', 'MMM D, YYYY [at] hh:mm a',
];
const parseFormats = ['YYYY-MM-DD HH:mm:ss.SSS', 'DD.MM.YYYY HH:mm', 'MMM D, YYYY [at] hh:mm a', 'ddd, D MMM YYYY h:mm A'];
let parsed = 0;
let relatives = 0;
for (let i = 0; i < 1500; i++) {
  const t = base + Math.floor(rand() * span);
  const a = dayjs.utc(t);
  const out = formats.map((f) => a.format(f));
  for (const pf of parseFormats) {
    const text = a.format(pf);
    const back = dayjs.utc(text, pf, true);
    out.push(back.isValid() ? back.valueOf() : 'invalid');
    parsed++;
  }
  const b = a.add(Math.floor(rand() * 4000) - 2000, ['minute', 'hour', 'day', 'week', 'month', 'year'][i % 6]);
  out.push(b.toISOString(), b.diff(a, 'day'), b.diff(a, 'month', true), a.isBefore(b), a.isSame(b, 'year'));
  out.push(a.from(b), a.to(b, true), b.locale('de').from(a), b.locale('ja').format('LL dddd'));
  relatives += 3;
  out.push(a.startOf('isoWeek').format(), a.endOf('month').format(), a.isoWeekday(), a.quarterName());
  out.push(a.isBetween(a.subtract(1, 'day'), b, 'hour', '[)'));
  const dur = dayjs.duration(Math.abs(b.valueOf() - a.valueOf()));
  out.push(dur.toISOString(), dur.asHours(), dur.format('D[d] HH:mm:ss'), dur.months());
  d.add(`t${i}`, out);
}

// Time zones (Intl.DateTimeFormat) and object input/output.
const zones = ['America/New_York', 'Asia/Kolkata', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Chatham'];
for (let i = 0; i < 120; i++) {
  const t = dayjs.utc(base + Math.floor(rand() * span));
  const z = zones[i % zones.length];
  const local = t.tz(z);
  d.add(`tz${i}`, [local.format('YYYY-MM-DD HH:mm Z'), local.utcOffset(), local.toObject(), dayjs.tz(local.format('YYYY-MM-DD HH:mm'), z).valueOf() === t.startOf('minute').valueOf()]);
}
d.add('object', dayjs.utc({ year: 2010, month: 3, day: 5, hour: 6, minute: 7 }).format());
const sorted = Array.from({ length: 50 }, () => dayjs.fromParts(2000 + Math.floor(rand() * 40), 1 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)));
d.add('minmax', [dayjs.max(sorted).format(), dayjs.min(sorted).format()]);
d.add('durations', [
  dayjs.duration({ years: 1, months: 2, days: 3, hours: 4 }).toJSON(),
  dayjs.duration('P1Y2M3DT4H5M6S').asSeconds(),
  dayjs.duration(70, 'minutes').add(1, 'hour').humanize(true),
  dayjs.duration(-3, 'days').humanize(true),
]);
const invalid = ['2021-02-30', '31/12/2020', 'not a date', '2020-13-01 10:00'];
d.add('invalid', invalid.map((s) => {
  const x = dayjs.utc(s, 'YYYY-MM-DD', true);
  return [x.isValid(), x.format(), String(x.toDate())];
}));
d.add('unix', [dayjs.unix(1e9).utc().format(), dayjs.utc('2020-06-15T12:00:00Z').utcOffset(330).format(), dayjs.utc(0).local().isUTC()]);

let frames = [];
try {
  dayjs.utc('garbage', 'YYYY', true).toISOString();
} catch (e) {
  frames = stackLines(e);
  d.add('error', `${e.name}: ${e.message}`);
  console.log(`${e.name}: ${e.message}`);
}
d.print({ parsed, relatives });
printStackLines(frames);
