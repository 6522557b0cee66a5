'use strict';
// Loaders with require hooks and transforms of their own, beside the tracer's. coffeescript/register
// adds `.coffee` to `require.extensions` (compiled in memory; CoffeeScript patches
// `Error.prepareStackTrace` to show `.coffee` positions); jiti 2 loads TypeScript and ES modules from
// CommonJS through its own Babel transform and module wrapper (`jiti.import`, `jiti.esmResolve`,
// `jiti.evalModule` on a string, its module cache), with the transform cache off. The digests keep
// whole stack lines of errors thrown in both (columns included), and the functions' sources.
const path = require('node:path');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('require-hooks');
const frames = [];
const SET = path.dirname(__dirname);
const portable = (s) => String(s).split(`file://${SET}`).join('<set>').split(SET).join('<set>');
const ourLines = (stack) => portable(stack).split('\n').filter((l) => /<set>\/drivers|\.coffee|\.ts/.test(l)).map((l) => l.trim());
const attempt = (label, f) => {
  try { d.add(label, { ok: f() }); } catch (err) { frames.push(...stackLines(err)); d.add(label, { err: [err.name, portable(err.message)], stack: ourLines(err.stack) }); }
};

async function main() {
  // CoffeeScript through require.extensions
  require('coffeescript/register');
  d.add('coffee:extensions', Object.keys(require.extensions).sort());
  const shapes = require('./_coffee/shapes.coffee');
  attempt('coffee:square', () => new shapes.Square(4).describe());
  attempt('coffee:shape', () => new shapes.Shape('blob').describe());
  attempt('coffee:fail', () => shapes.fail('swim'));
  attempt('coffee:total', () => shapes.total([new shapes.Square(2), new shapes.Circle(1)]).toFixed(3));
  d.add('coffee:source', [shapes.fail.toString(), shapes.Square.toString().split('\n')[0]]);
  const CoffeeScript = require('coffeescript');
  attempt('coffee:eval', () => CoffeeScript.eval('square = (x) -> x * x\n[1..4].map(square)'));
  attempt('coffee:syntax', () => CoffeeScript.compile('a = (b ->', { filename: 'broken.coffee' }));

  // jiti
  const { createJiti } = require('jiti');
  const jiti = createJiti(__filename, { fsCache: false, moduleCache: true, interopDefault: true });
  const pricing = jiti('./_ts/pricing.ts');
  d.add('jiti:exports', Object.keys(pricing).sort());
  attempt('jiti:quote', () => pricing.default(pricing.Tier.Pro, [{ sku: 'a', qty: 2, unit: 9.99 }, { sku: 'b', qty: 1, unit: 100 }]));
  attempt('jiti:bad-qty', () => pricing.default(pricing.Tier.Basic, [{ sku: 'z', qty: 0, unit: 1 }]));
  attempt('jiti:round-nan', () => new pricing.Cart(pricing.Tier.Basic).add({ sku: 'n', qty: 1, unit: NaN }).total());
  attempt('jiti:cached', () => jiti('./_ts/pricing.ts') === pricing);
  const viaImport = await jiti.import('./_ts/pricing.ts');
  d.add('jiti:import', [Object.keys(viaImport).sort(), viaImport.Tier.Pro]);
  d.add('jiti:resolve', portable(jiti.esmResolve('./_ts/round.mjs')));
  attempt('jiti:evalModule', () => jiti.evalModule('export const twice = (n: number): number => n * 2; export default twice(21);', { id: path.join(__dirname, '_ts/virtual.ts'), ext: '.ts' }));
  attempt('jiti:evalModule-throws', () => jiti.evalModule('const f = (s: string): never => { throw new SyntaxError(`virtual ${s}`); };\nexport default f("module");', { id: path.join(__dirname, '_ts/virtual-throws.ts'), ext: '.ts' }));
  attempt('jiti:missing', () => jiti('./_ts/nowhere.ts'));
  d.add('jiti:sources', [pricing.Cart.toString().length, typeof pricing.Cart.prototype.total]);
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
