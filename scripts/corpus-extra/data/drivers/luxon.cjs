'use strict';
// luxon 3 (CJS; one bundled file of classes: DateTime, Duration, Interval,
// Info, Settings, zone classes with getters and static factories, Intl-backed
// formatters cached in closures): seeded DateTimes in several IANA zones and
// locales, toFormat/toLocaleString/toISO round trips, plus/minus/startOf,
// Duration normalisation and shiftTo, Interval splitting and set operations,
// invalid values with reasons, and the errors thrown with throwOnInvalid.
const { DateTime, Duration, Interval, Info, Settings, FixedOffsetZone, IANAZone } = require('luxon');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

Settings.defaultZone = 'utc';
Settings.now = () => Date.UTC(2024, 5, 1, 12, 0, 0); // no clock: "now" is fixed
const rand = prng(8080);
const d = new Digest('luxon');
const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC+5:45', 'America/St_Johns', 'Pacific/Chatham'];
const locales = ['en-US', 'de-DE', 'fr', 'ja-JP', 'ar-EG', 'pt-BR'];
const fmts = ['yyyy-LL-dd HH:mm:ss ZZ', 'ccc, d LLL yyyy t', 'kkkk-WW-c', 'ooo', 'q/yyyy', 'h:mm a ZZZZ', "EEEE 'the' d"];

let iso = 0;
let mismatches = 0;
const dts = [];
for (let i = 0; i < 400; i++) {
  const ms = Date.UTC(1990, 0, 1) + Math.floor(rand() * 1.5e12);
  const dt = DateTime.fromMillis(ms, { zone: zones[i % zones.length], locale: locales[i % locales.length] });
  dts.push(dt);
  const out = fmts.map((f) => dt.toFormat(f));
  out.push(dt.toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY), dt.toRelative({ base: DateTime.fromMillis(ms + 123456789) }), dt.toISOWeekDate(), String(dt.isInDST), dt.offsetNameShort ?? '', dt.zoneName);
  d.add(`dt:${i}`, out);
  const s = dt.toISO();
  iso++;
  const back = DateTime.fromISO(s, { setZone: true });
  if (!back.equals(dt.setLocale('en-US')) && back.toMillis() !== dt.toMillis()) mismatches++;
  d.add(`calc:${i}`, {
    plus: dt.plus({ months: i % 13, days: -(i % 40), hours: 7 }).toISO(),
    startOf: ['year', 'quarter', 'week', 'day', 'hour'].map((u) => dt.startOf(u).toISO()),
    endOf: dt.endOf('month').toISO(),
    set: dt.set({ weekday: 1 + (i % 7), hour: 0 }).toISO(),
    diff: dt.diff(DateTime.fromMillis(0), ['years', 'months', 'days', 'hours']).toObject(),
    rezone: dt.setZone('Asia/Tokyo').toFormat('yyyy-LL-dd HH:mm'),
    keepLocal: dt.setZone('America/Los_Angeles', { keepLocalTime: true }).toISO(),
    parts: dt.toObject(),
    rfc: [dt.toRFC2822(), dt.toHTTP(), dt.toSQL()],
  });
}

// Parse formats back (with locale words).
const parsed = [];
for (const dt of dts.slice(0, 60)) {
  const f = 'd MMMM yyyy HH:mm';
  const text = dt.toFormat(f);
  const p = DateTime.fromFormat(text, f, { locale: dt.locale, zone: dt.zoneName });
  parsed.push(`${text} => ${p.isValid ? p.toISO() : p.invalidExplanation}`);
}
d.add('parsed', parsed);
console.log(parsed[1]);

// Durations.
const durs = [];
for (let i = 0; i < 200; i++) {
  const dur = Duration.fromObject({ days: Math.floor(rand() * 90), hours: Math.floor(rand() * 50), minutes: Math.floor(rand() * 200), seconds: rand() * 100 });
  durs.push([dur.normalize().toObject(), dur.shiftTo('weeks', 'days', 'hours').toHuman({ unitDisplay: 'short' }), dur.toISO(), dur.as('minutes'), dur.toFormat("d'd' hh:mm:ss.SSS"), Duration.fromISO(dur.toISO()).equals(dur), dur.rescale().toObject()]);
}
d.add('durations', durs);

// Intervals.
const ivs = [];
const sorted = dts.map((x) => x.setZone('utc')).sort((a, b) => a - b);
for (let i = 0; i + 3 < 120; i += 4) {
  const a = Interval.fromDateTimes(sorted[i], sorted[i + 2]);
  const b = Interval.fromDateTimes(sorted[i + 1], sorted[i + 3]);
  ivs.push({
    len: Math.round(a.length('days')),
    overlaps: a.overlaps(b),
    inter: a.intersection(b)?.toISO() ?? null,
    union: a.union(b).toISO(),
    split: a.splitBy({ months: 6 }).length,
    count: a.count('weeks'),
    divide: a.divideEqually(3).map((x) => x.start.toISODate()),
    merged: Interval.merge([a, b]).map((x) => x.toISO()),
    xor: Interval.xor([a, b]).length,
    human: a.toDuration(['months', 'days']).toHuman(),
  });
}
d.add('intervals', ivs);

// Info and zones.
d.add('info', {
  months: locales.map((l) => Info.months('short', { locale: l })),
  weekdays: Info.weekdays('long', { locale: 'de' }),
  eras: Info.eras('long'),
  validZones: zones.map((z) => Info.isValidIANAZone(z)),
  features: Object.keys(Info.features()).sort(),
  fixed: FixedOffsetZone.instance(-150).name,
  offset: IANAZone.create('Asia/Kathmandu').offset(Date.UTC(2020, 0, 1)),
  now: DateTime.now().toISO(),
});

// Invalid values: reasons, then errors with throwOnInvalid.
const invalid = [DateTime.fromISO('2020-13-45'), DateTime.fromObject({ hour: 25 }), DateTime.fromFormat('nope', 'yyyy'), DateTime.local(2020, 1, 1, { zone: 'Mars/Olympus' }), Duration.fromISO('P1X')];
d.add('invalid', invalid.map((x) => [x.isValid, x.invalidReason, x.invalidExplanation, String(x)]));
const errors = [];
const frames = [];
Settings.throwOnInvalid = true;
for (const bad of [() => DateTime.fromISO('2021-02-30'), () => Duration.fromObject({ hours: 'x' }), () => Interval.fromDateTimes(sorted[5], sorted[1]), () => DateTime.fromFormat('2020', 'yyyy').plus({ wat: 1 }), () => Info.months('weird')]) {
  try {
    errors.push(String(bad()));
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
Settings.throwOnInvalid = false;
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ datetimes: dts.length, iso, mismatches, durations: durs.length, intervals: ivs.length });
printStackLines(frames);
