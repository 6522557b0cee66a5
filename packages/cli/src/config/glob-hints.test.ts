import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globHints } from './glob-hints.js';

describe('globHints', () => {
  it("flags a glob that names a project folder without './'", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-hints-'));
    fs.mkdirSync(path.join(dir, 'src'));
    const hints = globHints(['src/**', './src/**', 'axios/**', '**', '@scope/x/**'], dir);
    expect(hints).toHaveLength(1);
    expect(hints[0]).toContain("use './src/**'");
  });

  it('says that a glob over built-ins changes nothing', () => {
    expect(globHints(['node:fs', 'node:*'], os.tmpdir())).toEqual([
      "'node:fs' names Node built-ins, which cannot be traced (their calls show up as gaps): this glob changes nothing",
      "'node:*' names Node built-ins, which cannot be traced (their calls show up as gaps): this glob changes nothing",
    ]);
  });

  it('names the package glob for a glob spelled as a path through node_modules, which matches nothing', () => {
    const hints = globHints(['node_modules/ms/**', './node_modules/@scope/pkg/**', '**/node_modules/x/lib/*.js', 'node_modules/**', 'my_node_modules/x/**'], os.tmpdir());
    expect(hints).toEqual([
      "'node_modules/ms/**' matches nothing: a file of an installed package has the package's name as its module id (e.g. ms/index.js), not its path: use 'ms/**'",
      "'./node_modules/@scope/pkg/**' matches nothing: a file of an installed package has the package's name as its module id (e.g. ms/index.js), not its path: use '@scope/pkg/**'",
      "'**/node_modules/x/lib/*.js' matches nothing: a file of an installed package has the package's name as its module id (e.g. ms/index.js), not its path: use 'x/lib/*.js'",
      "'node_modules/**' matches nothing: a file of an installed package has the package's name as its module id (e.g. ms/index.js), not its path: name the package instead ('axios/**')",
    ]);
  });
});
