// The YAML side of `breadcrumb run`'s config (project/run-config.ts), loaded only when its cached
// resolved config does not answer. In a file of its own for the import() that loads it: the bin's
// module loader (core's own-modules.ts) leaves a file that calls import() to Node's loader, which
// compiles it from source, and the files it requires with it; run-config's own code, and the schema
// and file writing it requires, run at every `breadcrumb run`.
import type { ProjectConfig } from './schema.js';

/** `text`, the config file `file`'s, parsed and validated; throws ConfigInvalidError. */
export async function resolveConfigText(file: string, text: string): Promise<ProjectConfig> {
  const document = await import('./document.js');
  return document.loadConfig(document.parseConfig(file, text));
}
