// An error's stack, in the values of one answer, written once. A thrown error handed from call to call
// (an error-first callback, a logger, a `.catch` handler, a retry loop) is captured with its whole stack
// at every call that received it: ten lines each time, the same ten lines. The first occurrence keeps
// the text; later ones point at it: `"stack": {"$same_as": "calls[0].args.err.stack"}`.
import type { ProjectPaths } from './project-paths.js';

export class SharedStacks {
  /** A stack's text (as captured: a string, or a cut string's JSON) → where the answer first shows it. */
  private readonly first = new Map<string, string>();

  constructor(private readonly paths: ProjectPaths) {}

  /**
   * Goes through a captured value (parsed JSON, changed in place) at `where` in the answer
   * (`calls[2].args`): each error's stack gets its files under the project root as `./src/x.js`, and a
   * stack shown before in this answer becomes a reference to it.
   */
  visit(value: unknown, where: string): void {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.visit(value[i], `${where}[${i}]`);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const at = memberPath(where, key);
      if (key === 'stack' && record.$type === 'Error') record.stack = this.stack(record.stack, at);
      else this.visit(record[key], at);
    }
  }

  /** visit() on an answer's entry for a call (`calls[2]`, `events[7]`): its arguments, receiver and result. */
  visitCall(entry: { args?: unknown; this?: unknown; return_value?: unknown }, where: string): void {
    this.visit(entry.args, `${where}.args`);
    this.visit(entry.this, `${where}.this`);
    this.visit(entry.return_value, `${where}.return_value`);
  }

  private stack(stack: unknown, at: string): unknown {
    const text = this.relative(stack);
    const key = typeof text === 'string' ? text : JSON.stringify(text);
    const seen = this.first.get(key);
    if (seen !== undefined) return { $same_as: seen };
    this.first.set(key, at);
    return text;
  }

  /** The stack with project files as `./x.js`: a string, or a long one the capture cut (`{"$type": "string", "value": ...}`). */
  private relative(stack: unknown): unknown {
    if (typeof stack === 'string') return this.paths.stack(stack);
    if (stack !== null && typeof stack === 'object' && typeof (stack as { value?: unknown }).value === 'string') {
      return { ...stack, value: this.paths.stack((stack as { value: string }).value) };
    }
    return stack;
  }
}

/** `calls[0].args.err`, or `calls[0].args["content-type"]` for a key that is not a plain name. */
function memberPath(where: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`;
}
