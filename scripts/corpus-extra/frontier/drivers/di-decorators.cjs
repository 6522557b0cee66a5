'use strict';
// Dependency injection with TypeScript's legacy decorators, two ways: tsyringe loaded through tsx's
// require hook (esbuild compiles _ts/tsyringe-app.ts as it loads; stacks at .ts lines through its
// source map), and inversify compiled ahead by TypeScript's transpileModule (decorator metadata
// emitted: design:paramtypes) into a temporary folder with a .js.map beside it, then required.
// Singletons, scopes, registries, delay() cycles, named and optional bindings, post-construct and
// pre-destroy hooks, method decorators wrapping descriptors, and the errors of missing bindings.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('di-decorators');
const frames = [];
const out = (label, value) => d.add(label, value);
const keep = (e) => frames.push(...stackLines(e));

// tsx reads the tsconfig of the current folder unless told: the one with experimentalDecorators.
process.env.TSX_TSCONFIG_PATH = path.join(__dirname, '_ts', 'tsconfig.json');
const unregister = require('tsx/cjs/api').register();
require('./_ts/tsyringe-app.ts').run((l, v) => out(`tsyringe:${l}`, v), keep);
unregister();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontier-di-'));
try {
  const config = ts.readConfigFile(path.join(__dirname, '_ts', 'tsconfig.json'), ts.sys.readFile).config;
  const source = fs.readFileSync(path.join(__dirname, '_ts', 'inversify-app.ts'), 'utf8');
  const { outputText, sourceMapText, diagnostics } = ts.transpileModule(source, { compilerOptions: config.compilerOptions, fileName: 'inversify-app.ts', reportDiagnostics: true });
  out('tsc:diagnostics', diagnostics.length);
  // the compiled file lives outside this folder: it requires inversify from here
  const js = outputText.replace(/require\("(inversify|reflect-metadata)"\)/g, (_m, name) => `require(${JSON.stringify(require.resolve(name))})`);
  fs.writeFileSync(path.join(dir, 'inversify-app.js'), js);
  fs.writeFileSync(path.join(dir, 'inversify-app.js.map'), sourceMapText);
  out('tsc:lines', js.split('\n').length);
  require(path.join(dir, 'inversify-app.js')).run((l, v) => out(`inversify:${l}`, v), (e) => {
    keep(e);
    // the compiled file's own frames: their lines, relative to it
    frames.push(...String(e.stack).split('\n').filter((l) => l.includes(dir)).map((l) => l.trim().split(dir).join('<tmp>').replace(/:\d+\)?$/, '')));
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
d.print();
printStackLines(frames);
