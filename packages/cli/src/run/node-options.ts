// NODE_OPTIONS is how every Node process of the run (children, workers, npm scripts) gets the runtime.

/**
 * Appends `--require "<file>"` to NODE_OPTIONS. Node splits NODE_OPTIONS on spaces but honours double
 * quotes with backslash escapes, so a path with spaces or quotes survives.
 */
export function withRequire(nodeOptions: string | undefined, file: string): string {
  const quoted = `"${file.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const flag = `--require ${quoted}`;
  const existing = (nodeOptions ?? '').trim();
  if (existing.includes(flag)) return existing;
  return existing ? `${existing} ${flag}` : flag;
}
