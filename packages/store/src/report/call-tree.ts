// The report's call tree: built from the first events of the run (bounded, whatever its size),
// consecutive calls of the same function under the same parent folded into one line (`multiply ×3`,
// their children merged the same way), long runs of one-off calls of one module's functions folded too
// (a package's index calling a callback per export), then cut to a line budget with a count of what was
// left out.
import type Database from 'better-sqlite3';
import type { TreeLine } from '../types.js';
import type { RunScope } from '../queries/run-scope.js';
import { ROW_OPEN, ROW_THREW } from '../queries/event-rows.js';
import { displayNameSql } from '../queries/display-name.js';
import { callArguments, type FunctionPlace } from '../queries/call-arguments.js';

const EVENT_BUDGET = 5_000;
const MAX_DEPTH = 12;
/**
 * Consecutive sibling calls of this many different functions of one module, none calling a traced
 * function, are one line: date-fns' index defines each of its 250 exports with a callback of its own,
 * and those 250 lines were the whole tree, the program's own calls cut from it.
 */
export const MIN_FOLDED_FUNCTIONS = 10;

interface Node {
  fn: number;
  count: number;
  durationNs: number;
  /** The time the calls ran (suspended time at await/yield left out). */
  onThreadNs: number;
  /** One of its calls suspended. */
  suspended: boolean;
  complete: boolean;
  threw: boolean;
  children: Node[];
  /** Other functions folded into this line (a run of one module's leaf calls). */
  otherFunctions?: number;
}

export interface CallTree {
  lines: TreeLine[];
  omittedCalls: number;
  note: string | null;
}

/** `places`: the names and places of the run's functions where already read (the report has them from their statistics). */
export function buildCallTree(db: Database.Database, scope: RunScope, maxLines: number, places?: ReadonlyMap<number, FunctionPlace>): CallTree {
  const perProcess: { label: string; roots: Node[] }[] = [];
  let read = 0;
  let totalCalls = 0;
  // every row's function: every row is a node of the trees (a row whose caller is not among them is a root)
  const fns = new Set<number>();
  // The rows as one JSON array of arrays, parsed at once: thousands of them are read, on the path from
  // the command's exit to the report, and better-sqlite3 builds a row (raw or not) a value at a time
  // through V8's API. js-yaml's run (5,000 rows): the tree 135 -> 121 M instructions (callgrind).
  // In id order without an ORDER BY of the aggregate's own, whose sorter cost lodash's tree ~1 ms of
  // its ~4 in SQLite: the subquery's LIMIT keeps SQLite from flattening it into the aggregate, which
  // reads it as a co-routine in the order of its rowid scan (EXPLAIN QUERY PLAN: no temp B-tree).
  // (One flat array of numbers through group_concat: SQLite ~1 ms quicker again, but JSON.parse 2-3 ms
  // slower than for the nested arrays in a cold process.)
  // Exact because these columns hold integers (ns from process.hrtime, row ids): SQLite writes a REAL
  // into JSON with 15 digits, which would not give back every double.
  const eventsOf = db
    .prepare(
      `SELECT json_group_array(json_array(id, kind, fn, parent, aux, on_thread_ns)) FROM
       (SELECT id, kind, fn, parent, aux, on_thread_ns FROM events WHERE id BETWEEN ? AND ? AND process_id = ? AND kind IN (0, 2, 7) ORDER BY id LIMIT ?)`,
    )
    .pluck();
  for (const p of scope.processes) {
    totalCalls += (db.prepare('SELECT calls FROM processes WHERE id = ?').pluck().get(p.id) as number) ?? 0;
    if (read >= EVENT_BUDGET) continue;
    // Each process gets its share of the budget, so that a busy first process does not hide the others.
    const share = Math.max(200, Math.floor(EVENT_BUDGET / scope.processes.length));
    const open = new Map<number, Node>();
    const processRoots: Node[] = [];
    const rows = JSON.parse(eventsOf.get(p.firstEvent, p.lastEvent, p.id, Math.min(share, EVENT_BUDGET - read)) as string) as [number, number, number, number, number, number | null][];
    // By index, not `for (const [id, kind, ...] of rows)`: in a cold process this runs in V8's
    // interpreter, where destructuring an array steps its iterator value by value.
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const kind = row[1];
      const onThreadNs = row[5];
      const node: Node = {
        fn: row[2], count: 1, durationNs: row[4], onThreadNs: onThreadNs ?? row[4], suspended: onThreadNs !== null,
        complete: kind !== ROW_OPEN, threw: kind === ROW_THREW, children: [],
      };
      open.set(row[0], node);
      (open.get(row[3])?.children ?? processRoots).push(node);
      fns.add(node.fn);
    }
    read += rows.length;
    if (processRoots.length > 0) perProcess.push({ label: processLabel(db, p.id), roots: processRoots });
  }
  const names = functionNames(db, scope.runId, fns, places);
  // two functions of one name (a `helper` in two scopes) are two lines, each with its `--call` argument
  const labels = new Map<number, string>();
  for (const [fn, named] of names) labels.set(fn, named.call ?? named.name);
  const name = (fn: number) => labels.get(fn) ?? `<unknown #${fn}>`;
  const moduleOf = (fn: number) => names.get(fn)?.module ?? null;
  const lines: TreeLine[] = [];
  let shownCalls = 0;
  // Folded one level at a time, as the walk reaches it: the lines stop at maxLines and MAX_DEPTH, and
  // folding the whole tree first (5,000 calls, recursion hundreds deep) took most of the report's time.
  const walk = (nodes: Node[], depth: number, byFunction: boolean) => {
    if (lines.length >= maxLines) return;
    for (const node of foldLeafRuns(fold(nodes, name, byFunction), moduleOf)) {
      if (lines.length >= maxLines) return;
      const named = names.get(node.fn);
      const line: TreeLine = { depth, function: named?.name ?? `<unknown #${node.fn}>`, ...(named?.call === undefined ? {} : { call: named.call }), count: node.count, duration_ms: node.complete ? roundMs(node.durationNs) : null, threw: node.threw };
      if (node.suspended && node.complete) line.on_thread_ms = roundMs(node.onThreadNs);
      if (node.otherFunctions) Object.assign(line, { other_functions: node.otherFunctions, module: moduleOf(node.fn) ?? undefined });
      lines.push(line);
      shownCalls += node.count;
      if (depth + 1 < MAX_DEPTH) walk(node.children, depth + 1, byFunction || node.count > 1);
    }
  };
  // Several processes (a test runner and its workers, a shell script's node commands): one tree each.
  for (const { label, roots } of perProcess) {
    if (lines.length >= maxLines) break;
    if (perProcess.length > 1) lines.push({ depth: 0, function: label, count: 1, duration_ms: null, threw: false, process: true });
    walk(roots, perProcess.length > 1 ? 1 : 0, false);
  }
  const omittedCalls = Math.max(0, totalCalls - shownCalls);
  let note: string | null = null;
  if (omittedCalls > 0) {
    note = read >= Math.min(EVENT_BUDGET, scope.processes.length * 200)
      ? `${omittedCalls} more calls not shown (the tree covers the start of the run)`
      : `${omittedCalls} more calls not shown`;
  }
  return { lines, omittedCalls, note };
}

/** Display names of `fns`, and the `--call` argument of those whose name alone names several functions. */
function functionNames(
  db: Database.Database,
  runId: number,
  fns: Set<number>,
  places: ReadonlyMap<number, FunctionPlace> = new Map(),
): Map<number, { name: string; module: string; call?: string }> {
  const known: [number, FunctionPlace][] = [];
  const unknown: number[] = [];
  for (const fn of fns) {
    const place = places.get(fn);
    if (place === undefined) unknown.push(fn);
    else known.push([fn, place]);
  }
  if (unknown.length > 0) {
    const rows = db
      .prepare(`SELECT f.id, ${displayNameSql('f')} AS name, f.module_id, f.line, f.col FROM functions f WHERE f.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(unknown)) as { id: number; name: string; module_id: string; line: number; col: number }[];
    for (const row of rows) known.push([row.id, { name: row.name, module: row.module_id, line: row.line, column: row.col }]);
  }
  const callOf = callArguments(db, runId, known.map(([, place]) => place.name));
  const names = new Map<number, { name: string; module: string; call?: string }>();
  for (const [fn, place] of known) {
    const call = callOf(place);
    names.set(fn, call === undefined ? { name: place.name, module: place.module } : { name: place.name, module: place.module, call });
  }
  return names;
}

function roundMs(ns: number): number {
  return Math.round(ns / 1e3) / 1e3;
}

function processLabel(db: Database.Database, processId: number): string {
  const row = db.prepare('SELECT pid, thread_id, argv FROM processes WHERE id = ?').get(processId) as { pid: number; thread_id: number; argv: string | null };
  let argv: string[] = [];
  try {
    argv = JSON.parse(row.argv ?? '[]') as string[];
  } catch {
    // shown without its command
  }
  const command = argv.map((a, i) => (i === 0 ? a.split('/').pop() : a)).join(' ');
  return `process ${row.pid}${row.thread_id ? ` thread ${row.thread_id}` : ''}${command ? `: ${command}` : ''}`;
}

/**
 * Consecutive siblings calling the same function become one node with a count and summed time (their
 * children concatenated, folded in turn when the walk reaches them). The children of a folded node come
 * from different calls, so they are merged by function (in order of first appearance, `byFunction`)
 * rather than only when consecutive: `handle ×200 → calculateTotal ×200 → multiply ×400`.
 */
function fold(nodes: Node[], name: (fn: number) => string, byFunction: boolean): Node[] {
  const out: Node[] = [];
  // byFunction: each name's line so far, apart for the calls that threw (found by name alone: a string
  // key built per node cost marked's tree, where folded children lists pass 12 levels, most of its walk)
  const index = byFunction ? { returned: new Map<string, Node>(), threw: new Map<string, Node>() } : null;
  for (const node of nodes) {
    const nodeName = name(node.fn);
    const last = index === null ? out[out.length - 1] : (node.threw ? index.threw : index.returned).get(nodeName);
    if (last && name(last.fn) === nodeName && last.threw === node.threw) {
      last.count += node.count;
      last.durationNs += node.durationNs;
      last.onThreadNs += node.onThreadNs;
      last.suspended = last.suspended || node.suspended;
      last.complete = last.complete && node.complete;
      last.children.push(...node.children);
    } else {
      const copy = { ...node, children: [...node.children] };
      out.push(copy);
      if (index !== null) (node.threw ? index.threw : index.returned).set(nodeName, copy);
    }
  }
  return out;
}

/**
 * A run of at least MIN_FOLDED_FUNCTIONS consecutive siblings, each a finished call of a different
 * function of one module that called no traced function, becomes one node named after its first call,
 * with `otherFunctions`: such runs are a module's set-up (a callback per export, a registry filled
 * function by function) and would otherwise take the tree's whole line budget. Applied at every depth
 * the walk reaches, after fold().
 */
function foldLeafRuns(nodes: Node[], moduleOf: (fn: number) => string | null): Node[] {
  const out: Node[] = [];
  const foldable = (node: Node) => node.children.length === 0 && node.complete && !node.threw && !node.otherFunctions;
  for (let i = 0; i < nodes.length; ) {
    const first = nodes[i]!;
    const module = moduleOf(first.fn);
    if (module === null || !foldable(first)) {
      out.push(first);
      i++;
      continue;
    }
    let end = i;
    const fns = new Set<number>();
    while (end < nodes.length && foldable(nodes[end]!) && moduleOf(nodes[end]!.fn) === module) {
      fns.add(nodes[end]!.fn);
      end++;
    }
    if (fns.size >= MIN_FOLDED_FUNCTIONS) {
      const run = nodes.slice(i, end);
      out.push({
        ...first,
        count: run.reduce((sum, node) => sum + node.count, 0),
        durationNs: run.reduce((sum, node) => sum + node.durationNs, 0),
        onThreadNs: run.reduce((sum, node) => sum + node.onThreadNs, 0),
        suspended: run.some((node) => node.suspended),
        otherFunctions: fns.size - 1,
      });
    } else {
      // A run starting at any of its later nodes ends where this one does, with some of its functions:
      // too few as well. (Scanning again from each was quadratic: thousands of alternating calls of two
      // leaf functions of one module.)
      for (let j = i; j < end; j++) out.push(nodes[j]!);
    }
    i = end;
  }
  return out;
}
