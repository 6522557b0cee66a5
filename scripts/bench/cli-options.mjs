import path from 'node:path';

// A bench's own options: `--name value`, taken out of argv (what is left is passed on).
export function takeOption(argv, name, fallback) {
  const at = argv.indexOf(name);
  if (at === -1) return fallback;
  const value = argv[at + 1];
  argv.splice(at, 2);
  return value;
}

/**
 * The two builds an A/B bench runs: `--base` (another checkout's packages/cli/bin/breadcrumb.js, e.g. a
 * copy of the tree before the change; required) and this repository's.
 */
export function baseAndNewBuilds(repo, baseBin) {
  if (baseBin === null) {
    console.error('give --base OTHER_CHECKOUT/packages/cli/bin/breadcrumb.js (e.g. a copy of the tree before the change)');
    process.exit(2);
  }
  return [
    { name: 'base', bin: path.resolve(baseBin) },
    { name: 'new', bin: path.join(repo, 'packages/cli/bin/breadcrumb.js') },
  ];
}
