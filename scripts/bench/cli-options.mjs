// A bench's own options: `--name value`, taken out of argv (what is left is passed on).
export function takeOption(argv, name, fallback) {
  const at = argv.indexOf(name);
  if (at === -1) return fallback;
  const value = argv[at + 1];
  argv.splice(at, 2);
  return value;
}
