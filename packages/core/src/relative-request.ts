// `path.join(dirname, request)` for the relative requests tsc writes between our own files
// (`./a.js`, `../b/c.js`), by slicing strings. Why not path.join: at each traced process's start the
// runtime's loader resolves ~175 such requests, and with Node's own resolutions (~80 path.resolve
// calls from Module._nodeModulePaths, also avoided now: own-modules.ts) they made node:path's
// normalizeString hot enough for TurboFan to compile it while the runtime loaded: 13 M instructions
// (callgrind --predictable, empty program, Node 20), ~20 ms of a background thread's CPU
// (--trace-opt) in every traced process. A request of any other shape goes to path.join, as before.
import path from 'node:path';

/** The absolute file `request` (`./x` or `../x`) names from the absolute folder `dirname`. */
export function joinRelative(dirname: string, request: string): string {
  // a folder not in normal form (or not absolute), a Windows path
  if (path.sep !== '/' || !dirname.startsWith('/') || dirname.endsWith('/') || dirname.includes('/.') || dirname.includes('//')) {
    return path.join(dirname, request);
  }
  let folder = dirname;
  let rest = request;
  while (rest.startsWith('../')) {
    const cut = folder.lastIndexOf('/');
    if (cut <= 0) return path.join(dirname, request);
    folder = folder.slice(0, cut);
    rest = rest.slice(3);
  }
  if (rest.startsWith('./')) rest = rest.slice(2);
  // `.` or `..` further in, an empty segment, a trailing separator
  if (rest === '' || rest.startsWith('.') || rest.includes('/.') || rest.includes('//') || rest.endsWith('/')) return path.join(dirname, request);
  return `${folder}/${rest}`;
}
