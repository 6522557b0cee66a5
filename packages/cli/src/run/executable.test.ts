import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainMissingCommand, explainSpawnFailure, findExecutable } from './executable.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-executable-'));
fs.writeFileSync(path.join(dir, 'main.js'), '');
fs.writeFileSync(path.join(dir, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
fs.mkdirSync(path.join(dir, 'src'));
const env = { PATH: '/nonexistent' };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('explainMissingCommand', () => {
  it('a script of the current folder named without its interpreter: the command line with it', () => {
    expect(findExecutable('main.js', env, dir)).toBeNull();
    expect(explainMissingCommand('main.js', ['--port', '3'], env, dir, 'app')).toBe(
      "command not found: 'main.js' is not on PATH; to run the file here: `breadcrumb run -c app -- node main.js --port 3`",
    );
  });

  it('an executable of the current folder named without ./: both ways', () => {
    expect(explainMissingCommand('tool', [], env, dir, 'app')).toContain('or `breadcrumb run -c app -- ./tool`');
  });

  it('a path to a file that is not executable, a folder, nothing', () => {
    expect(explainMissingCommand('./main.js', [], env, dir, 'app')).toBe(
      "'./main.js' is not executable: run it with its interpreter, e.g. `breadcrumb run -c app -- node ./main.js` (or chmod +x it)",
    );
    expect(explainMissingCommand('./src', [], env, dir, 'app')).toMatch(/^'\.\/src' is a folder, not a program/);
    expect(explainMissingCommand('./gone.js', [], env, dir, 'app')).toBe("command not found: './gone.js' (no such file); e.g. `breadcrumb run -c app -- node main.js`");
    expect(explainMissingCommand('nod', ['main.js'], env, dir, 'app')).toBe("command not found: 'nod' (not a file nor on PATH); e.g. `breadcrumb run -c app -- node main.js`");
  });
});

describe('explainSpawnFailure', () => {
  it("names a script's missing #! interpreter, which ENOENT alone does not", () => {
    fs.writeFileSync(path.join(dir, 'bad.sh'), '#!/nonexistent/interp -x\necho\n', { mode: 0o755 });
    const enoent = Object.assign(new Error('spawn ./bad.sh ENOENT'), { code: 'ENOENT' });
    expect(explainSpawnFailure('./bad.sh', dir, enoent)).toBe("its interpreter '/nonexistent/interp' (its #! line) was not found");
    const eacces = Object.assign(new Error('spawn ./bad.sh EACCES'), { code: 'EACCES' });
    expect(explainSpawnFailure('./bad.sh', dir, eacces)).toBe('spawn ./bad.sh EACCES');
  });
});
