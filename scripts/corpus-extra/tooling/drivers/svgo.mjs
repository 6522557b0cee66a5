// svgo 4 from ESM (its lib/ and plugins/ sources as ES modules: a sax-based
// parser into an XAST tree, ~50 visitor plugins with enter/exit hooks, path
// data parsing and re-encoding, transform matrices, css-tree + csso for
// <style> and style attributes, css-select queries): optimise webpack's
// favicon and seeded SVG documents with preset-default (and overrides), extra
// plugins with parameters, multipass, a custom plugin with a visitor and
// params, pretty printing, data URIs; and catch the parser's error with its
// line, column and source excerpt, and a plugin that throws.
import fs from 'node:fs';
import { optimize } from 'svgo';
import util from './_util.cjs';

const { Digest, nm, prng, stackLines, printStackLines } = util;
const rand = prng(2718);
const int = (k) => Math.floor(rand() * k);
const pick = (xs) => xs[int(xs.length)];
const num = () => (rand() * 200 - 20).toFixed(int(5));

function pathData() {
  let dd = `M${num()} ${num()}`;
  for (let k = 0; k < 4 + int(14); k++) {
    const c = pick(['L', 'l', 'H', 'v', 'C', 'c', 'S', 'Q', 'q', 'T', 'A', 'a', 'Z']);
    if (c === 'Z') dd += 'Z';
    else if ('Ll'.includes(c)) dd += `${c}${num()},${num()}`;
    else if ('Hv'.includes(c)) dd += `${c}${num()}`;
    else if ('Cc'.includes(c)) dd += `${c}${num()} ${num()} ${num()} ${num()} ${num()} ${num()}`;
    else if ('SQq'.includes(c)) dd += `${c}${num()} ${num()} ${num()} ${num()}`;
    else if (c === 'T') dd += `T${num()} ${num()}`;
    else dd += `${c}${int(30)} ${int(30)} ${int(90)} ${int(2)} ${int(2)} ${num()} ${num()}`;
  }
  return dd;
}
function shape(depth) {
  const fill = pick(['#ff0000', 'rgb(0, 128, 255)', 'none', 'currentColor', 'url(#grad)', '#AABBCC', 'black']);
  const transform = rand() < 0.4 ? ` transform="${pick(['translate(10 20)', 'rotate(45 50 50)', 'scale(2) translate(1,1)', 'matrix(1 0 0 1 5 5)', 'skewX(10)'])}"` : '';
  switch (int(8)) {
    case 0: return `<rect x="${num()}" y="${num()}" width="${int(100)}" height="${int(100)}" rx="${int(5)}" fill="${fill}"${transform}/>`;
    case 1: return `<circle cx="${num()}" cy="${num()}" r="${int(50)}" style="fill:${fill};stroke:#000000;stroke-width:1.000"${transform}/>`;
    case 2: return `<ellipse cx="50" cy="50" rx="${int(30)}" ry="${int(30)}" fill="${fill}"/>`;
    case 3: return `<path d="${pathData()}" fill="${fill}" stroke="none"${transform}/>`;
    case 4: return `<line x1="0" y1="0" x2="${num()}" y2="${num()}" stroke="${fill}"/>`;
    case 5: return depth < 3 ? `<g id="g${int(1000)}" fill="${fill}" opacity="1"${transform}>${Array.from({ length: 1 + int(4) }, () => shape(depth + 1)).join('')}</g>` : '<g/>';
    case 6: return `<text x="10" y="20" font-family="Arial" class="label">Label ${int(100)} &amp; more</text>`;
    default: return `<polygon points="${Array.from({ length: 3 + int(5) }, () => `${num()},${num()}`).join(' ')}" fill="${fill}"/>`;
  }
}
function document(i) {
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Generator: Corpus ${i} -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" width="${100 + i}px" height="100px" viewBox="0 0 ${100 + i} 100" version="1.1">
  <title>Document ${i}</title>
  <desc>Seeded test document</desc>
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
  <sodipodi:namedview pagecolor="#ffffff"/>
  <style>.label { fill: #333333; font-size: 12px; } .unused { color: red } #g1 { stroke: blue }</style>
  <defs>
    <linearGradient id="grad"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></linearGradient>
    <linearGradient id="unusedGrad"><stop offset="0" stop-color="red"/></linearGradient>
  </defs>
  ${Array.from({ length: 6 + int(12) }, () => shape(0)).join('\n  ')}
  <use xlink:href="#g${int(1000)}" x="5"/>
  <g></g>
</svg>`;
}

let visitedElements = 0;
const countingPlugin = {
  name: 'corpusCount',
  params: { attr: 'data-corpus' },
  fn: (_root, params, info) => ({
    element: {
      enter(node, parent) {
        visitedElements++;
        if (node.name === 'text' && parent.type === 'element') node.attributes[params.attr] = `${info.multipassCount}`;
      },
      exit(node) {
        if (node.name === 'g' && node.children.length === 0) node.attributes['data-empty'] = 'yes';
      },
    },
  }),
};
const configs = [
  { plugins: ['preset-default'] },
  { multipass: true, plugins: [{ name: 'preset-default', params: { overrides: { cleanupIds: { minify: false }, convertPathData: { floatPrecision: 2 } } } }, 'removeDimensions', 'sortAttrs', countingPlugin] },
  { js2svg: { pretty: true, indent: 2 }, plugins: [{ name: 'preset-default', params: { overrides: { inlineStyles: false, mergePaths: false } } }, { name: 'prefixIds', params: { prefix: 'c' } }, 'removeXlink', 'convertStyleToAttrs', countingPlugin] },
  { floatPrecision: 1, datauri: 'enc', plugins: ['removeComments', 'removeTitle', 'removeDesc', 'convertShapeToPath', 'reusePaths', { name: 'removeAttrs', params: { attrs: ['stroke', 'class'] } }] },
  { plugins: [{ name: 'convertColors', params: { currentColor: true } }, { name: 'addAttributesToSVGElement', params: { attributes: [{ role: 'img' }] } }, 'removeOffCanvasPaths', 'convertOneStopGradients', 'removeScripts', { name: 'removeElementsByAttr', params: { id: ['g1', 'g2'] } }] },
];

const d = new Digest('svgo');
const inputs = [{ name: 'webpack-favicon', svg: fs.readFileSync(nm('webpack/lib/html/favicon.svg'), 'utf8') }];
for (let i = 0; i < 40; i++) inputs.push({ name: `doc${i}`, svg: document(i) });
let bytesIn = 0;
let bytesOut = 0;
for (const { name, svg } of inputs) {
  for (const [k, config] of configs.entries()) {
    const out = optimize(svg, { path: `${name}.svg`, ...config });
    bytesIn += svg.length;
    bytesOut += out.data.length;
    d.add(`${name}:${k}`, out.data);
  }
}

const errors = [];
const frames = [];
const failing = [
  () => optimize('<svg xmlns="http://www.w3.org/2000/svg">\n  <rect width="10"\n  <circle r="1"/>\n</svg>', { path: 'broken.svg' }),
  () => optimize('<svg><g></svg>', { path: 'unclosed.svg' }),
  () => optimize('<svg/>', { plugins: ['noSuchPlugin'] }),
  () => optimize('<svg><rect/></svg>', { plugins: [{ name: 'thrower', fn: () => ({ element: { enter(node) { if (node.name === 'rect') throw new RangeError(`plugin refused <${node.name}>`); } } }) }] }),
];
for (const run of failing) {
  try {
    errors.push(`no error: ${run().data}`);
  } catch (e) {
    errors.push(`${e.name}: ${e.message}${e.line ? ` @${e.line}:${e.column}` : ''}${e.toString !== Error.prototype.toString ? `\n${e.toString()}` : ''}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ inputs: inputs.length, bytesIn, bytesOut, visitedElements });
printStackLines(frames);
