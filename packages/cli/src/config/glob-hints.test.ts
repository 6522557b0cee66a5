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
});
