// Where the runtime puts things when `breadcrumb run` did not say: one definition shared with the CLI,
// which must look for spool files in the same places.
import os from 'node:os';
import path from 'node:path';
import { ENV } from './settings.js';

type Env = Record<string, string | undefined>;

/** `$BREADCRUMB_HOME`, else `~/.breadcrumb`. */
export function breadcrumbHome(env: Env = process.env): string {
  const home = env[ENV.home];
  return home !== undefined && home !== '' ? path.resolve(home) : path.join(os.homedir(), '.breadcrumb');
}

/** The spool folder of a project (`default` when there is none): `<home>/spool/<project>/`. */
export function projectSpoolDir(home: string, project: string | null): string {
  return path.join(home, 'spool', project ?? 'default');
}

/** The spool folder that belongs to a trace database: `/x/app-traces.db` → `/x/app-traces.spool/`. */
export function spoolDirForDatabase(dbPath: string): string {
  const absolute = path.resolve(dbPath);
  const ext = path.extname(absolute);
  return (ext === '' ? absolute : absolute.slice(0, -ext.length)) + '.spool';
}

/** The on-disk transform cache: `<home>/cache/`. */
export function transformCacheDir(home: string): string {
  return path.join(home, 'cache');
}
