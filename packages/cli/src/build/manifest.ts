// `<out>/.breadcrumb/build.json`: what a build wrote. It marks the folder as a build output (so a
// rebuild may overwrite it and nothing else is), and lets the next build remove files that are no
// longer in the sources.

import fs from 'node:fs';
import path from 'node:path';

export const MANIFEST_FILE = path.join('.breadcrumb', 'build.json');
export const MANIFEST_VERSION = 1;

export interface BuildManifest {
  manifestVersion: number;
  project: string;
  builtAt: string;
  /** The folder the output mirrors. */
  base: string;
  /** Output files written, relative to the output folder ('/' separators). */
  files: string[];
}

export function readManifest(out: string): BuildManifest | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST_FILE), 'utf8')) as BuildManifest;
    return Array.isArray(manifest.files) ? manifest : null;
  } catch {
    return null;
  }
}

export function writeManifest(out: string, manifest: BuildManifest): void {
  fs.mkdirSync(path.join(out, path.dirname(MANIFEST_FILE)), { recursive: true });
  fs.writeFileSync(path.join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function isBuildOutput(folder: string): boolean {
  return fs.existsSync(path.join(folder, MANIFEST_FILE));
}
