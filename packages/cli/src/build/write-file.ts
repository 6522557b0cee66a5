// Output files are written beside their final name and renamed into place, so a build interrupted
// halfway (or a program reading the output meanwhile) never sees half a file.

import fs from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.breadcrumb-${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data, mode === undefined ? undefined : { mode });
    if (mode !== undefined) fs.chmodSync(temporary, mode);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

export function copyFileAtomic(source: string, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.breadcrumb-${process.pid}.tmp`;
  try {
    fs.copyFileSync(source, temporary);
    fs.chmodSync(temporary, fs.statSync(source).mode & 0o7777);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Recreates a symbolic link as it is (same target text), replacing what is there. */
export function copySymlink(source: string, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const target = fs.readlinkSync(source);
  fs.rmSync(file, { force: true, recursive: false });
  fs.symlinkSync(target, file);
}
