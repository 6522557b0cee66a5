// Stack frames of our CommonJS loading, shown as Node's own. Our `.js` handler stands in for Node's (one
// frame for one frame, see cjs-hook.ts), but its frame names this file where a plain run names
// `node:internal/modules/cjs/loader`; the `_compile` wrapper of the other road is one frame more; and on
// Node ≥ 22 the original `_compile`, called by either, reads `Module.<anonymous>` (V8 names a method by
// finding it on the receiver, which now has ours). A stack that reaches user code (Error.stack, the
// CallSite API, the uncaught-exception report) gets Node's frame, loses the wrapper and gets the name
// back, so it reads exactly as without Breadcrumb.
import Module from 'node:module';
import { callSiteWith, currentCallSites, registerStackRewrite } from '../recorder/stack-positions.js';

type CallSite = NodeJS.CallSite;

const NODE_CJS_LOADER = 'node:internal/modules/cjs/loader';

/**
 * Frames of `ownFile` (the compiled cjs-hook.js) become what a plain run shows: our handler, when it
 * called `_compile` itself, becomes `handlerFrame` (Node's handler calling `_compile`); when it handed
 * the file to Node's handler, whose frame is then right inside it, and the `compileWrapper` frame are
 * not shown.
 */
export function registerLoaderFrames(ownFile: string, compileWrapper: (...args: never[]) => unknown, handlerFrame: CallSite | undefined): void {
  const proto = Module.prototype as unknown as { _compile: unknown };
  registerStackRewrite((sites) => {
    // V8 names Node's `_compile` by finding it on the module, where a plain run has it and we have ours
    const compileNamed = proto._compile !== compileWrapper;
    if (compileNamed && !sites.some((site) => site.getFileName?.() === ownFile)) return sites;
    const out: CallSite[] = [];
    for (const site of sites) {
      if (site.getFileName?.() !== ownFile) {
        out.push(!compileNamed && isNodeCompile(site) ? namedCompile(site) : site);
        continue;
      }
      if (site.getFunctionName?.() === compileWrapper.name) continue;
      const inner = out.length - 1;
      if (inner >= 0 && isNodeCompile(out[inner]!)) out.push(handlerFrame ?? site);
      else if (inner >= 0 && handlerFrame !== undefined) out[inner] = namedLike(out[inner]!, handlerFrame);
    }
    return out;
  });
}

/** Node's own handler (right inside ours, which handed it the file) named as `handlerFrame` was. */
function namedLike(site: CallSite, handlerFrame: CallSite): CallSite {
  if (site.getFileName?.() !== NODE_CJS_LOADER || site.getMethodName?.()) return site;
  const name = String(handlerFrame).split(' (')[0]!;
  const methodName = handlerFrame.getMethodName();
  return callSiteWith(site, {
    getMethodName: () => methodName,
    toString: () => {
      const text = String(site);
      const open = text.indexOf(' (');
      return open < 0 ? text : `${name}${text.slice(open)}`;
    },
  });
}

function isNodeCompile(site: CallSite): boolean {
  return site.getFileName?.() === NODE_CJS_LOADER && site.getTypeName?.() === 'Module';
}

/** Node's `_compile` frame as a plain run names it: ours is the one on the module, so V8 finds no name. */
function namedCompile(site: CallSite): CallSite {
  if (site.getMethodName?.()) return site;
  return callSiteWith(site, {
    getMethodName: () => '_compile',
    toString: () => {
      const text = String(site);
      return text.startsWith('Module.<anonymous> (') ? `Module._compile${text.slice('Module.<anonymous>'.length)}` : text;
    },
  });
}

/**
 * The frame of Node's `.js` handler where it calls `module._compile`, taken by running the handler once
 * on a module whose `_compile` only records who called it (`file`: any CommonJS file, read but not run).
 * Undefined when `handler` is not Node's own: a hook the program preloaded (@babel/register, nyc,
 * pirates) put its handler there, and `_compile` was then called by it or through it (a frame of its
 * own between this function and Node's handler), or not at all.
 */
export function nodeHandlerFrame<M>(handler: (this: unknown, module: M, filename: string) => unknown, receiver: unknown, file: string): CallSite | undefined {
  let frames: CallSite[] = [];
  const standIn = {
    exports: {},
    _compile: function recordCaller(): void {
      frames = callersOf(recordCaller, 2);
    },
  };
  try {
    handler.call(receiver, standIn as unknown as M, file);
  } catch {
    return undefined;
  }
  const [caller, next] = frames;
  if (caller?.getFileName?.() !== NODE_CJS_LOADER || next?.getFileName?.() !== __filename || next.getFunctionName?.() !== 'nodeHandlerFrame') return undefined;
  return caller;
}

/** The `count` frames below `fn`, read with V8's CallSite API and everything it touches put back. */
function callersOf(fn: (...args: never[]) => unknown, count: number): CallSite[] {
  try {
    const sites = currentCallSites(count, fn);
    // V8 names a method when asked, by finding the function on `this`: answer as it does now, while
    // Node's handler is still the one there.
    return sites.map((site) => {
      const text = String(site);
      const methodName = site.getMethodName();
      return callSiteWith(site, { toString: () => text, getMethodName: () => methodName });
    });
  } catch {
    return [];
  }
}
