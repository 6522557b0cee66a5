'use strict';
// NestJS 12 (ES modules only, loaded here through require(esm) from CommonJS) with
// @nestjs/platform-express on a local server: _ts/nest-app.ts compiled by TypeScript's
// transpileModule (legacy decorators, emitDecoratorMetadata: constructor injection by
// design:paramtypes) into a temporary folder beside its source map, then required. A dynamic global
// module, forwardRef cycles, optional and factory providers, a request-scoped provider resolved
// through ModuleRef, a global guard reading metadata with Reflector, interceptors mapping and
// recovering rxjs streams, pipes (ParseIntPipe, DefaultValuePipe, a custom body pipe), exception
// filters, middleware, a custom param decorator, lifecycle hooks, a logger service, an application
// context without HTTP, and a module whose dependency nobody provides.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('nestjs');
const frames = [];
const out = (label, value) => d.add(label, value);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecosystem-nest-'));
  const keep = (e) => {
    frames.push(...stackLines(e));
    // the compiled file's own frames: their lines, relative to it
    frames.push(...String(e.stack).split('\n').filter((l) => l.includes(dir)).map((l) => l.trim().split(dir).join('<tmp>').replace(/:\d+\)?$/, '')));
  };
  try {
    const config = ts.readConfigFile(path.join(__dirname, '_ts', 'tsconfig.json'), ts.sys.readFile).config;
    const source = fs.readFileSync(path.join(__dirname, '_ts', 'nest-app.ts'), 'utf8');
    const { outputText, sourceMapText, diagnostics } = ts.transpileModule(source, { compilerOptions: config.compilerOptions, fileName: 'nest-app.ts', reportDiagnostics: true });
    out('tsc:diagnostics', diagnostics.length);
    // the compiled file lives outside this folder: it requires its packages from here
    const js = outputText.replace(/require\("([^".][^"]*)"\)/g, (m, name) => (name.startsWith('node:') ? m : `require(${JSON.stringify(require.resolve(name))})`));
    fs.writeFileSync(path.join(dir, 'nest-app.js'), js);
    fs.writeFileSync(path.join(dir, 'nest-app.js.map'), sourceMapText);
    out('tsc:lines', js.split('\n').length);
    await require(path.join(dir, 'nest-app.js')).run(out, keep);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
