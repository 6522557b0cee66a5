// An error's stack, in the values of one answer, written once. A thrown error handed from call to call
// (an error-first callback, a logger, a `.catch` handler, a retry loop) is captured with its whole stack
// at every call that received it: ten lines each time, the same ten lines. The first occurrence keeps
// the text; later ones point at it: `"stack": {"$same_as": "calls[0].args.err.stack"}`. The same holds
// across the entries of `--exceptions` (an error thrown from one place in a loop: `exceptions[3].stack`
// is `{"$same_as": "exceptions[0].stack"}`) and the events of `--flow` and MCP `get_trace`.
import type Database from 'better-sqlite3';
import type { SameStack } from '../types.js';
import { ProjectPaths } from './project-paths.js';

export class SharedStacks {
  /** A stack's text (as captured: a string, or a cut string's JSON) → where the answer first shows it. */
  private readonly first = new Map<string, string>();

  constructor(private readonly paths: ProjectPaths) {}

  static ofRun(db: Database.Database, runId: number): SharedStacks {
    return new SharedStacks(ProjectPaths.ofRun(db, runId));
  }

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
      if (key === 'stack' && record.$type === 'Error') record.stack = this.share(record.stack, at);
      else this.visit(record[key], at);
    }
  }

  /** visit() on an answer's entry for a call (`calls[2]`, `events[7]`): its arguments, receiver and result. */
  visitCall(entry: { args?: unknown; this?: unknown; return_value?: unknown }, where: string): void {
    this.visit(entry.args, `${where}.args`);
    this.visit(entry.this, `${where}.this`);
    this.visit(entry.return_value, `${where}.return_value`);
  }

  /** visitCall() on each event of a timeline (`--flow`, get_trace), at `events[i]`. */
  visitEvents(events: readonly { args?: unknown; this?: unknown; return_value?: unknown }[]): void {
    events.forEach((event, i) => this.visitCall(event, `events[${i}]`));
  }

  /**
   * A stack at `at` in the answer: with the project's files as `./src/x.js`, or, when the answer showed
   * the same stack before, a reference to it.
   */
  share(stack: string | null, at: string): string | SameStack | null;
  share(stack: unknown, at: string): unknown;
  share(stack: unknown, at: string): unknown {
    if (stack === null || stack === undefined) return stack;
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
