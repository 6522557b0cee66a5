// Syntax only Node 24 parses (explicit resource management, RegExp modifiers, duplicate named groups):
// loaded by syntax-modern.mjs when the running node has it. _es2025-fallback.mjs computes the same
// records without the syntax, so the digest is the same on every version.
export async function es2025(log) {
  class Res {
    constructor(name) { this.name = name; log.push(`open ${name}`); }
    [Symbol.dispose]() { log.push(`dispose ${this.name}`); }
  }
  class AsyncRes {
    constructor(name) { this.name = name; }
    async [Symbol.asyncDispose]() { await null; log.push(`async dispose ${this.name}`); }
  }
  function scoped(n) {
    using a = new Res(`a${n}`);
    using b = n > 1 ? new Res(`b${n}`) : null;
    log.push(`body ${n}`);
    if (n === 3) throw new Error(`scoped ${n} failed`);
    return `${a.name}+${b ? b.name : '-'}`;
  }
  const results = [];
  for (let n = 1; n <= 3; n++) {
    try { results.push(scoped(n)); } catch (e) { results.push(`caught ${e.message}`); }
  }
  async function asyncScoped() {
    await using x = new AsyncRes('x');
    await using y = new AsyncRes('y');
    log.push('async body');
    return 'async done';
  }
  results.push(await asyncScoped());
  for (const n of [1, 2]) {
    using r = new Res(`loop${n}`);
    log.push(`loop body ${r.name}`);
  }
  // a disposer that throws while the block throws too: SuppressedError
  function both() {
    using bad = { [Symbol.dispose]() { throw new TypeError('dispose failed'); } };
    throw new RangeError('body failed');
  }
  try { both(); } catch (e) { results.push([e.name, e.error.name, e.error.message, e.suppressed.name, e.suppressed.message]); }
  const stack = new DisposableStack();
  stack.defer(() => log.push('deferred 1'));
  stack.use(new Res('used'));
  stack.adopt('adopted', (v) => log.push(`adopt ${v}`));
  const moved = stack.move();
  results.push([stack.disposed, moved.disposed]);
  moved.dispose();
  results.push(moved.disposed);
  // RegExp modifiers and duplicate named groups
  const mod = /^(?i:ab)C$/;
  results.push(['ABC', 'abC', 'abc', 'AbC'].map((s) => mod.test(s)));
  const ml = /^(?m:x$)|(?s:a.b)/;
  results.push([ml.test('x\ny'), ml.test('a\nb'), ml.test('q')]);
  const date = /(?<y>\d{4})-(?<m>\d\d)|(?<m>\d\d)\/(?<y>\d{4})/;
  results.push(['2024-05', '06/2023', 'none'].map((s) => { const m = date.exec(s); return m ? [m.groups.y, m.groups.m] : null; }));
  results.push('1999-12 and 11/2001'.replace(new RegExp(date.source, 'g'), '$<m>.$<y>'));
  return results;
}
