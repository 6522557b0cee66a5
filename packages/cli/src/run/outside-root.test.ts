import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outsideRootNote } from './outside-root.js';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bc-outside-root-')));
const project = path.join(dir, 'project');
const elsewhere = path.join(dir, 'elsewhere');
fs.mkdirSync(project);
fs.mkdirSync(elsewhere);
fs.writeFileSync(path.join(project, 'main.js'), '');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const input = (commandLine: string[], cwd: string, include = ['./**']) => ({ commandLine, cwd, root: cwd, include, exclude: [], project: 'app' });

describe('outsideRootNote', () => {
  it('names a script outside the root that no include takes, and both fixes', () => {
    const note = outsideRootNote(input(['node', '--stack-size', '900', path.join(project, 'main.js')], elsewhere));
    expect(note).toBe(
      `${path.join(project, 'main.js')} is outside the project root ${elsewhere}, so its module id is its absolute path, which no include matches: ` +
        `run from the project's folder (\`cd ${project}\`) or set the root (\`breadcrumb config edit app --set root=${project}\`)`,
    );
    expect(outsideRootNote(input(['node', '../project/main.js'], elsewhere))).toContain('is outside the project root');
  });

  it('says nothing for a script under the root, one an include takes, no script, or another command', () => {
    expect(outsideRootNote(input(['node', 'main.js'], project))).toBeNull();
    expect(outsideRootNote(input(['node', path.join(project, 'main.js')], elsewhere, ['**']))).toBeNull();
    expect(outsideRootNote(input(['node', '-e', '1'], elsewhere))).toBeNull();
    expect(outsideRootNote(input(['node', 'missing.js'], elsewhere))).toBeNull();
    expect(outsideRootNote(input(['npm', 'test'], elsewhere))).toBeNull();
  });
});
