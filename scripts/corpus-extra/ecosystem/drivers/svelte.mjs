// svelte 5's compiler (ES modules: acorn with a TypeScript plugin, zimmerframe walkers, esrap
// printing) and its server renderer: components written here are compiled at run time for the
// server and the client, the server output written to a temporary folder and imported, then
// rendered with props (runes: $props, $state, $derived; snippets, each blocks with keys, if/else,
// await blocks, slots of children, scoped CSS, a component importing another); a .svelte.js module
// compiled with compileModule; the compiler's warnings (a11y, unused CSS) and its errors (their
// code, position and frame), and a component that throws while rendering.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { compile, compileModule, parse, VERSION } from 'svelte/compiler';
import { render } from 'svelte/server';

const require = createRequire(import.meta.url);
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('svelte');
const rand = prng(577);
const frames = [];

const components = {
  'Badge.svelte': `<script>
  let { label, tone = 'info' } = $props();
  const upper = $derived(label.toUpperCase());
</script>
<span class="badge {tone}">{upper}</span>
<style>.badge { padding: 2px } .info { color: blue } .unused { color: red }</style>`,
  'List.svelte': `<script lang="ts">
  import Badge from './Badge.svelte';
  import { total } from './store.svelte.js';
  interface Item { id: number; name: string; qty: number; tags: string[] }
  let { items, title, footer }: { items: Item[]; title: string; footer?: import('svelte').Snippet<[number]> } = $props();
  let filter = $state('');
  const shown = $derived(items.filter((i) => i.name.includes(filter)));
  const sum = $derived(total(shown.map((i) => i.qty)));
</script>
<svelte:head><title>{title}</title></svelte:head>
<h1>{title} ({shown.length})</h1>
{#snippet row(item: Item, i: number)}
  <tr class:even={i % 2 === 0}><td>{item.id}</td><td>{item.name}</td><td>{item.qty}</td>
  <td>{#each item.tags as tag (tag)}<Badge label={tag} tone={tag.length > 3 ? 'warn' : 'info'} />{:else}none{/each}</td></tr>
{/snippet}
<table>
  {#each shown as item, i (item.id)}
    {@render row(item, i)}
  {/each}
</table>
{#if sum > 100}<p>big: {sum}</p>{:else if sum > 0}<p>small: {sum}</p>{:else}<p>empty</p>{/if}
{#await Promise.resolve(sum)}<p>waiting</p>{:then v}<p>got {v}</p>{/await}
{@html '<b>raw</b>'}
{#if footer}{@render footer(sum)}{/if}
<img src="/x.png">
<style>table { border: 1px solid } .even { background: #eee }</style>`,
  'Boom.svelte': `<script>
  let { n } = $props();
  function check(v) { if (v > 2) throw new RangeError('too big: ' + v); return v; }
</script>
<p>{check(n)}</p>`,
};
const moduleSource = `export function total(values) { let s = $state(0); for (const v of values) s += v; return s; }`;

const broken = {
  'unclosed.svelte': '<div><p>open</div>',
  'rune.svelte': '<script>let x = $state(1, 2);</script>{x}',
  'each.svelte': '{#each items as}{/each}',
  'dup.svelte': '<script>let { a } = $props(); let a = 1;</script>',
  'css.svelte': '<style>p { color: red </style>',
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecosystem-svelte-'));
const resolved = (spec) => import.meta.resolve(spec);
const rewrite = (code) => code.replace(/from '(svelte[^']*)'/g, (_m, spec) => `from '${resolved(spec)}'`);

try {
  for (const [name, source] of Object.entries(components)) {
    const server = compile(source, { filename: name, generate: 'server', css: 'injected', runes: true });
    const client = compile(source, { filename: name, generate: 'client', dev: name === 'Badge.svelte' });
    d.add(`compile:${name}`, {
      server: server.js.code, client: client.js.code, css: client.css && client.css.code,
      warnings: [...server.warnings, ...client.warnings].map((w) => [w.code, w.message, w.start && w.start.line, w.start && w.start.column]),
      map: server.js.map.mappings.length,
    });
    fs.writeFileSync(path.join(dir, name + '.js'), rewrite(server.js.code).replace(/from '\.\/(\w+)\.svelte'/g, "from './$1.svelte.js'"));
  }
  const mod = compileModule(moduleSource, { filename: 'store.svelte.js', generate: 'server' });
  fs.writeFileSync(path.join(dir, 'store.svelte.js'), rewrite(mod.js.code));
  d.add('compileModule', mod.js.code);
  d.add('parse', JSON.stringify(parse(components['List.svelte'], { modern: true }).fragment.nodes.map((n) => [n.type, n.start, n.end])));

  const List = (await import(pathToFileURL(path.join(dir, 'List.svelte.js')).href)).default;
  const Boom = (await import(pathToFileURL(path.join(dir, 'Boom.svelte.js')).href)).default;
  for (const count of [0, 3, 12, 40]) {
    const items = Array.from({ length: count }, (_, i) => ({ id: i, name: `item-${Math.floor(rand() * 50)}`, qty: Math.floor(rand() * 20), tags: i % 3 ? ['a', 'long-tag'].slice(0, 1 + (i % 2)) : [] }));
    const out = render(List, { props: { items, title: `List ${count}` } });
    d.add(`render:${count}`, { head: out.head, body: out.body });
  }
  for (const n of [1, 5]) {
    try {
      d.add(`boom:${n}`, render(Boom, { props: { n } }).body);
    } catch (err) {
      frames.push(...stackLines(err));
      // the compiled component's own frames, in the temporary folder: their lines
      frames.push(...String(err.stack).split('\n').filter((l) => l.includes(dir)).map((l) => l.trim().split(pathToFileURL(dir).href).join('<tmp>').replace(/:\d+\)?$/, '')));
      d.add(`boom:${n}`, [err.name, err.message]);
    }
  }
  for (const [name, source] of Object.entries(broken)) {
    try {
      const r = compile(source, { filename: name, generate: 'server' });
      d.add(`broken:${name}`, ['compiled', r.warnings.map((w) => w.code)]);
    } catch (err) {
      frames.push(...stackLines(err));
      d.add(`broken:${name}`, [err.name, err.code, err.message, err.start && [err.start.line, err.start.column], err.frame]);
    }
  }
  d.add('version', VERSION);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

d.print();
printStackLines(frames);
