// uuid 14 (ESM, small modules: v1/v3/v4/v5/v6/v7 with caller-supplied random
// bytes and clock fields, parse/stringify/validate) and semver 7 (CJS imported
// from ESM: SemVer/Range/Comparator classes, a regex table built at load,
// an LRU cache): generate seeded UUIDs of every version, round-trip them, then
// parse, compare, sort, increment, coerce and range-check seeded versions.
import * as uuid from 'uuid';
import semver from 'semver';
import { createRequire } from 'node:module';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const require = createRequire(import.meta.url);
const Range = require('semver/classes/range');
const { compareIdentifiers } = require('semver/internal/identifiers');

const rand = prng(1234567);
const bytes = (n) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
const d = new Digest('uuid-semver');

// uuid: every generator is fed seeded bytes and fixed clocks.
const ids = [];
for (let i = 0; i < 400; i++) {
  const msecs = 1.6e12 + i * 7919;
  const v1 = uuid.v1({ node: bytes(6), clockseq: i & 0x3fff, msecs, nsecs: i % 10000 });
  const v4 = uuid.v4({ random: bytes(16) });
  const v6 = uuid.v6({ node: bytes(6), clockseq: (i * 31) & 0x3fff, msecs, nsecs: 0 });
  const v7 = uuid.v7({ random: bytes(16), msecs, seq: i });
  const v3 = uuid.v3(`name-${i}`, uuid.v3.DNS);
  const v5 = uuid.v5(`https://example.com/${i}`, uuid.v5.URL);
  const buf = new Uint8Array(32);
  uuid.v4({ random: bytes(16) }, buf, 8);
  const row = [v1, v3, v4, v5, v6, v7, uuid.stringify(buf, 8)];
  for (const id of row) {
    if (!uuid.validate(id)) throw new Error(`invalid ${id}`);
    if (uuid.stringify(uuid.parse(id)) !== id) throw new Error(`round trip ${id}`);
  }
  row.push(uuid.version(v7), uuid.v1ToV6(v1), uuid.v6ToV1(v6));
  ids.push(row);
}
d.add('uuids', ids);
d.add('consts', [uuid.NIL, uuid.MAX, uuid.validate(uuid.MAX), uuid.validate('not-a-uuid'), uuid.v3.URL, uuid.v5.DNS]);

// semver: seeded versions and ranges.
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const pre = ['', '-alpha', '-alpha.1', '-beta.2', '-rc.10', '-0.3.7', '-x.7.z.92'];
const build = ['', '+build.1', '+exp.sha.5114f85'];
const versions = Array.from({ length: 600 }, () => `${Math.floor(rand() * 4)}.${Math.floor(rand() * 12)}.${Math.floor(rand() * 30)}${pick(pre)}${pick(build)}`);
const ranges = ['^1.2.3', '~0.4', '>=1.0.0 <2.0.0-0', '1.x || >=2.5.0 || 5.0.0 - 7.2.3', '*', '<0.0.1', '^0.0.3', '>1.2.3-alpha.3', '~1.2.3-beta.2', '2 - 3', '^3.0.0-0 || ^1.1.0', 'invalid range!!'];
const sorted = semver.sort([...versions]);
d.add('sorted', sorted);
d.add('rsorted', semver.rsort([...versions]).slice(0, 40));
const incs = [];
for (const v of versions.slice(0, 200)) {
  const sv = semver.parse(v);
  incs.push([sv.version, sv.major, sv.minor, sv.patch, sv.prerelease, sv.build, semver.inc(v, 'prerelease', 'beta'), semver.inc(v, 'minor'), semver.inc(v, 'premajor', 'rc', '1'), semver.diff(v, sorted[0]), semver.compareBuild(v, sorted[sorted.length - 1])]);
}
d.add('incs', incs);
for (const r of ranges) {
  const valid = semver.validRange(r);
  if (!valid) { d.add(`range:${r}`, 'invalid'); continue; }
  const range = new Range(r, { includePrerelease: r.includes('-') });
  d.add(`range:${r}`, {
    valid, str: range.toString(), sets: range.set.map((cs) => cs.map((c) => `${c.operator}${c.semver.version}`)),
    max: semver.maxSatisfying(versions, r), min: semver.minSatisfying(versions, r), minVersion: String(semver.minVersion(r)),
    count: versions.filter((v) => range.test(v)).length, gtr: semver.gtr('9.9.9', r), ltr: semver.ltr('0.0.0', r),
    intersects: semver.intersects(r, '^2.0.0'), simplified: semver.simplifyRange(sorted, r),
  });
}
d.add('coerce', ['v1', '1.2', 'version 3.4.5-rc.1 and more', '42.6.7.9.3-alpha', 'x', '2.0.0-rc.1+b'].map((s) => [String(semver.coerce(s)), String(semver.coerce(s, { includePrerelease: true, loose: true }))]));
d.add('clean', ['  =v1.2.3   ', '~1.0.0', '1.2.3-01'].map((s) => semver.clean(s)));
d.add('idents', [compareIdentifiers('1', '2'), compareIdentifiers('a', '1'), semver.cmp('1.0.0', '!=', '1.0.1'), semver.eq('1.0.0+a', '1.0.0+b')]);

// Errors both packages throw.
const errors = [];
const frames = [];
const attempts = [
  () => uuid.parse('zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'),
  () => uuid.stringify(new Uint8Array(16).fill(0xff).map((x, i) => (i === 6 ? 0xff : x))),
  () => uuid.v4({ random: new Uint8Array(4) }),
  () => new semver.SemVer('not.a.version'),
  () => semver.inc('1.2.3', 'bogus-release'),
  () => new semver.SemVer(`1.2.${'9'.repeat(300)}`),
  () => semver.cmp('1.0.0', '~~', '1.0.0'),
];
for (const attempt of attempts) {
  try {
    const r = attempt();
    errors.push(`no error: ${r}`);
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ uuids: ids.length * 7, versions: versions.length, ranges: ranges.length });
printStackLines(frames);
