// The programs a bench runs: the drivers of a corpus copy (`--corpus DIR`, optionally `--only a,b`),
// then any program files given on the command line.
import fs from 'node:fs';
import path from 'node:path';

/** `corpus`: a copy of ../shared/corpus (npm ci done) or null; `only`: driver names or null; `files`: program paths. */
export function benchPrograms(corpus, only, files) {
  const programs = [];
  if (corpus !== null) {
    const drivers = path.join(path.resolve(corpus), 'drivers');
    for (const name of fs.readdirSync(drivers).sort()) {
      if (!/\.(c|m)?js$/.test(name) || name.startsWith('_')) continue;
      const short = name.replace(/\.(c|m)?js$/, '');
      if (only === null || only.includes(short)) programs.push({ name: short, file: path.join(drivers, name), cwd: path.resolve(corpus) });
    }
  }
  for (const file of files) programs.push({ name: path.basename(file).replace(/\.(c|m)?js$/, ''), file: path.resolve(file), cwd: path.dirname(path.resolve(file)) });
  if (programs.length === 0) {
    console.error('nothing to run: give --corpus DIR (a copy of ../shared/corpus, npm ci done) or program files');
    process.exit(2);
  }
  return programs;
}
