// Paths in answers as module ids write them: a file under the run's project root is `./src/pay.js`,
// not `/home/me/shop/src/pay.js`, so that `file` and `module` read alike and an answer carries no
// machine's folder names. Files outside the root (a package's original source, node's own) are kept.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { projectRootOf } from '../ingest/callee-origin.js';

/** Modules looked at for the run's roots: any project file gives its process's root. */
const MODULES_READ = 200;

export class ProjectPaths {
  /** Each root with its trailing separator, the longest first (a root nested in another wins). */
  private constructor(private readonly roots: readonly string[]) {}

  /** The roots of a run's processes, found from their project modules (module id `./x.js`, file `/root/x.js`). */
  static ofRun(db: Database.Database, runId: number): ProjectPaths {
    const rows = db
      .prepare(`SELECT m.module_id, m.file FROM modules m JOIN processes p ON p.id = m.process_id WHERE p.run_id = ? AND m.module_id LIKE './%' LIMIT ${MODULES_READ}`)
      .all(runId) as { module_id: string; file: string }[];
    return ProjectPaths.fromModules(rows);
  }

  /** The roots modules show: `./src/a.js` loaded from `/p/src/a.js` is under `/p/`. */
  static fromModules(rows: readonly { module_id: string; file: string }[]): ProjectPaths {
    const roots = new Set<string>();
    for (const row of rows) {
      const root = projectRootOf(localPath(row.file), row.module_id);
      // `/` itself would turn every absolute path's first slash into `./`
      if (root !== null && root.length > 1) roots.add(root.endsWith(path.sep) ? root : root + path.sep);
    }
    return new ProjectPaths([...roots].sort((a, b) => b.length - a.length));
  }

  /** `./src/pay.js` for a file under a root (a path or a `file:` URL); anything else as it is. */
  file(file: string): string;
  file(file: string | null): string | null;
  file(file: string | null): string | null {
    if (file === null) return null;
    const local = localPath(file);
    for (const root of this.roots) {
      if (local.startsWith(root)) return './' + local.slice(root.length).split(path.sep).join('/');
    }
    return file;
  }

  /** A stack trace with the frames' files under a root written as `./src/pay.js` (`file:` URLs too). */
  stack(text: string): string;
  stack(text: string | null): string | null;
  stack(text: string | null): string | null {
    if (text === null) return null;
    let out = text;
    for (const root of this.roots) {
      const url = 'file://' + root.split(path.sep).join('/');
      out = out.split(url).join('./').split(root).join('./');
    }
    return out;
  }
}

function localPath(file: string): string {
  if (!file.startsWith('file:')) return file;
  try {
    return fileURLToPath(file);
  } catch {
    return file;
  }
}
