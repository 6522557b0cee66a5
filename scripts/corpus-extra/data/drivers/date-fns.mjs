// date-fns 4 (ESM; hundreds of small pure functions, one module each, locale
// objects with formatter closures, the parse() token state machine, interval
// helpers): format seeded dates in many patterns and locales, parse them back,
// add/sub/difference/round-trip arithmetic, intervals, relative distances, ISO
// week helpers, and the RangeErrors that format/parse throw on bad input.
import * as dfn from 'date-fns';
import { de, fr, ja, enGB, ar, ru } from 'date-fns/locale';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(4242);
const d = new Digest('date-fns');

const base = Date.UTC(1995, 0, 1);
const span = Date.UTC(2035, 0, 1) - base;
const dates = Array.from({ length: 600 }, () => new Date(base + Math.floor(rand() * span)));
const patterns = ['yyyy-MM-dd', "EEEE, do 'of' MMMM yyyy", 'PPpp', 'PPPP', 'HH:mm:ss.SSS', 'h:mm a', 'QQQ yyyy', "I'th week of' RRRR", 'd/M/yy', 'LLLL yo', 'eeee', 'X', 'xxx', 'T', 'yyyy-DDD', 'Pp'];
const locales = [undefined, de, fr, ja, enGB, ar, ru];

let formatted = 0;
let roundTrips = 0;
let mismatches = 0;
for (let i = 0; i < dates.length; i++) {
  const dt = dates[i];
  const loc = locales[i % locales.length];
  const out = [];
  for (const p of patterns) {
    out.push(dfn.format(dt, p, { locale: loc, weekStartsOn: i % 7, useAdditionalDayOfYearTokens: true }));
    formatted++;
  }
  d.add(`fmt:${i}`, out);
  // Parse the first, machine-readable pattern back.
  const text = dfn.format(dt, 'yyyy-MM-dd HH:mm:ss');
  const back = dfn.parse(text, 'yyyy-MM-dd HH:mm:ss', new Date(0));
  roundTrips++;
  if (Math.floor(back.getTime() / 1000) !== Math.floor(dt.getTime() / 1000)) mismatches++;
  const iso = dfn.formatISO(dt);
  d.add(`iso:${i}`, [iso, dfn.parseISO(iso).toISOString(), dfn.isValid(dfn.parseISO(iso))]);
}

// Arithmetic and comparisons over pairs.
for (let i = 0; i + 1 < dates.length; i += 2) {
  const [a, b] = [dates[i], dates[i + 1]];
  const n = Math.floor(rand() * 400) - 200;
  d.add(`arith:${i}`, {
    addDays: dfn.addDays(a, n).toISOString(),
    addMonths: dfn.addMonths(a, n % 30).toISOString(),
    subYears: dfn.subYears(a, n % 7).toISOString(),
    addBusinessDays: dfn.addBusinessDays(a, n % 40).toISOString(),
    add: dfn.add(a, { years: 1, months: -2, weeks: 3, days: n % 9, hours: 5, minutes: 61 }).toISOString(),
    diffDays: dfn.differenceInDays(a, b),
    diffCalMonths: dfn.differenceInCalendarMonths(a, b),
    diffBusiness: dfn.differenceInBusinessDays(a, b),
    diffWeeks: dfn.differenceInWeeks(a, b, { roundingMethod: 'round' }),
    dist: dfn.formatDistance(a, b, { addSuffix: true }),
    distStrict: dfn.formatDistanceStrict(a, b, { unit: 'day', locale: de }),
    duration: dfn.formatDuration(dfn.intervalToDuration(a < b ? { start: a, end: b } : { start: b, end: a })),
    cmp: [dfn.compareAsc(a, b), dfn.isBefore(a, b), dfn.isSameMonth(a, b), dfn.isWeekend(a), dfn.isLeapYear(a)],
    starts: [dfn.startOfWeek(a, { weekStartsOn: 1 }), dfn.endOfMonth(a), dfn.startOfQuarter(a), dfn.lastDayOfYear(b)].map((x) => x.toISOString()),
    weeks: [dfn.getISOWeek(a), dfn.getISOWeekYear(a), dfn.getWeekOfMonth(a), dfn.getDayOfYear(a), dfn.getDaysInMonth(a)],
    round: dfn.roundToNearestMinutes(a, { nearestTo: 15 }).toISOString(),
  });
}

// Intervals.
const sorted = [...dates].sort((x, y) => x - y);
for (let i = 0; i < 20; i++) {
  const start = sorted[i * 20];
  const end = dfn.addDays(start, 3 + Math.floor(rand() * 40));
  const interval = { start, end };
  d.add(`iv:${i}`, {
    days: dfn.eachDayOfInterval(interval).length,
    weeks: dfn.eachWeekOfInterval(interval, { weekStartsOn: 3 }).map((x) => x.toISOString()),
    weekends: dfn.eachWeekendOfInterval(interval).length,
    months: dfn.eachMonthOfInterval(interval).map((x) => dfn.format(x, 'MMM yyyy')),
    overlap: dfn.areIntervalsOverlapping(interval, { start: dfn.addDays(start, 2), end: dfn.addDays(end, 9) }),
    within: dfn.isWithinInterval(dfn.addDays(start, 1), interval),
    closest: dfn.closestTo(start, sorted.slice(0, 50))?.toISOString(),
    clamp: dfn.clamp(sorted[599], interval).toISOString(),
  });
}
d.add('minmax', [dfn.min(dates).toISOString(), dfn.max(dates).toISOString()]);

// Locale-aware parse of formatted text.
const parsed = [];
for (const [loc, pat] of [[de, 'EEEE, d. MMMM yyyy'], [fr, 'd MMMM yyyy'], [enGB, 'do MMMM yyyy'], [ru, 'LLLL yyyy']]) {
  for (const dt of dates.slice(0, 25)) {
    const s = dfn.format(dt, pat, { locale: loc });
    parsed.push(`${s} -> ${dfn.parse(s, pat, new Date(0), { locale: loc }).toISOString?.() ?? 'x'}`);
  }
}
d.add('parsed', parsed);
console.log(parsed[0]);

// Errors: format an invalid date, a bad token, and an unescaped letter.
const errors = [];
const frames = [];
for (const bad of [() => dfn.format(new Date(NaN), 'yyyy'), () => dfn.format(dates[0], 'yyyy-MM-dd hh:mm j'), () => dfn.format(dates[0], 'YYYY-MM-DD'), () => dfn.parse('2020', 'yyyy-MM-dd', new Date(0)).toISOString()]) {
  try {
    errors.push(String(bad()));
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ dates: dates.length, formatted, roundTrips, mismatches });
printStackLines(frames);
