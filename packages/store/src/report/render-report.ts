// The run report as text for stderr, in the seed's layout, bounded to about 2,000 tokens: every list
// is already capped in the data; if the whole still runs long (very long names), the call tree gives
// way first.
import path from 'node:path';
import type { RunReport, TreeLine } from '../types.js';
import { truncate } from './run-report.js';

export const REPORT_CHAR_BUDGET = 8000;
const RULE = '='.repeat(60);

export function renderReport(report: RunReport, options: { project: string }): string {
  let treeLines = report.call_tree.lines.length;
  for (;;) {
    const text = render(report, options.project, treeLines);
    if (text.length <= REPORT_CHAR_BUDGET || treeLines === 0) return text;
    treeLines = Math.floor(treeLines / 2);
  }
}

function render(report: RunReport, project: string, treeLines: number): string {
  const m = report.metrics;
  const out: string[] = [RULE, `BREADCRUMB RUN REPORT  (project ${project}, run ${report.run.id})`, RULE, ''];
  out.push(`Command: ${truncate(report.run.command, 200)}`, '');
  out.push('Key Metrics:');
  out.push(`  Total Events: ${m.events}`);
  out.push(`  - Calls: ${m.calls}`);
  out.push(`  - Returns: ${m.returns}`);
  out.push(`  - Exceptions: ${m.exceptions}`);
  out.push(`  - Untraced (gap) calls: ${m.gap_calls}`);
  out.push(`  Duration: ${m.duration_ms === null ? 'still running' : `${m.duration_ms} ms`}`);
  out.push(`  Status: ${m.status}${report.run.exit_code !== null ? ` (exit code ${report.run.exit_code})` : ''}`);
  if (m.uncaught !== null) {
    const where = m.uncaught.file ? ` at ${shortPath(m.uncaught.file, report.run.cwd)}${m.uncaught.line !== null ? `:${m.uncaught.line}` : ''}` : '';
    out.push(`  Uncaught: ${m.uncaught.type}: ${truncate(m.uncaught.message, 120)}${where}`);
  }
  out.push(`  Processes: ${m.processes}`);
  if (m.dropped_events > 0) out.push(`  Dropped events: ${m.dropped_events}`);
  if (m.capped_calls > 0) out.push(`  Calls counted without detail (cap): ${m.capped_calls}`);
  out.push('');

  out.push('Call Tree:');
  const shown = report.call_tree.lines.slice(0, treeLines);
  if (shown.length === 0) {
    // functions that ran without a call in detail are no matter of include globs
    out.push(
      report.top_called.length > 0
        ? '  (no call was recorded in detail: sampled out, past the detail cap or dropped; see Warnings)'
        : '  (no traced calls: check the include globs, see `breadcrumb config show`)',
    );
  }
  for (const line of shown) out.push(treeLine(line));
  const hidden = report.call_tree.lines.length - shown.length;
  if (report.call_tree.note || hidden > 0) {
    const parts = [report.call_tree.note, hidden > 0 ? `${hidden} tree lines cut to fit` : null].filter(Boolean);
    out.push(`  ... ${parts.join('; ')}: breadcrumb query -c ${project} --flow`);
  }
  out.push('');

  if (report.top_called.length > 0) {
    out.push('Top 10 Most Called Functions:');
    for (const f of report.top_called) {
      // a name that is not unique is shown as the `--call` argument that picks it, which says its module
      const where = f.call === undefined ? `  (${truncate(f.module, 60)})` : '';
      out.push(`  ${truncate(f.call ?? f.function, 100)}: ${f.calls} call${f.calls === 1 ? '' : 's'}${where}`);
    }
    out.push('');
  }

  if (report.slowest.length > 0) {
    const suspends = report.slowest.some((f) => f.elapsed_avg_ms !== undefined);
    out.push(suspends ? 'Slowest Functions (total time running; waits at await/yield left out):' : 'Slowest Functions (total time):');
    for (const f of report.slowest) {
      const recursion = f.recursive ? ' (recursive: total of the outermost calls)' : '';
      const elapsed = f.elapsed_avg_ms === undefined ? '' : `; elapsed avg ${ms(f.elapsed_avg_ms)}, max ${ms(f.elapsed_max_ms ?? f.elapsed_avg_ms)}`;
      out.push(`  ${truncate(f.call ?? f.function, 100)}: ${ms(f.total_ms)} total, ${f.calls} call${f.calls === 1 ? '' : 's'}, avg ${ms(f.avg_ms)}, max ${f.max_ms === null ? '?' : ms(f.max_ms)}${elapsed}${recursion}`);
    }
    out.push('');
  }

  if (report.exceptions_total > 0) {
    // Key Metrics counts the calls an exception left; this, the exceptions thrown (one that passes up
    // through five calls is one here)
    out.push(`Exceptions thrown (${report.exceptions_total}):`);
    for (const e of report.exceptions) {
      const where = e.file ? ` at ${shortPath(e.file, report.run.cwd)}${e.line !== null ? `:${e.line}` : ''}` : '';
      out.push(`  ${e.type}${e.message === '' ? '' : `: ${e.message}`}${e.count > 1 ? ` (×${e.count})` : ''}`);
      out.push(`    in ${truncate(e.call ?? e.function, 80)}${where} (${e.caught ? 'caught' : 'uncaught'})`);
    }
    const listed = report.exceptions.reduce((sum, e) => sum + e.count, 0);
    if (report.exceptions_total > listed) out.push(`  ... ${report.exceptions_total - listed} more: breadcrumb query -c ${project} --exceptions`);
    out.push('');
  }

  out.push('Gaps (calls into untraced code):');
  if (report.gaps.total_calls === 0) out.push('  none recorded');
  else {
    out.push(`  ${report.gaps.total_calls} calls to ${report.gaps.distinct} untraced functions`);
    for (const g of report.gaps.top) {
      const origin = g.module ? ` [${g.module}]` : '';
      const hint = g.excluded_by
        ? ` -> excluded by '${g.excluded_by}'`
        : g.suggested_include
          ? ` -> include '${g.suggested_include}'`
          : g.module
            ? ' (built-in)'
            : '';
      out.push(`  ${truncate(g.function, 80)}${origin}: ${g.call_count} call${g.call_count === 1 ? '' : 's'}${hint}`);
    }
  }
  out.push('');

  if (report.warnings.length > 0) {
    out.push('Warnings:');
    for (const w of report.warnings) out.push(`  ! ${w}`);
    out.push('');
  }

  out.push('Recommendations on what to do next:');
  out.push(`  Detailed flow:      breadcrumb query -c ${project} --flow`);
  out.push(`  Untraced calls:     breadcrumb query -c ${project} --gaps`);
  if (report.example_function) out.push(`  One function's I/O: breadcrumb query -c ${project} --call '${report.example_function.replace(/'/g, '')}'`);
  if (report.exceptions_total > 0) out.push(`  Exceptions:         breadcrumb query -c ${project} --exceptions`);
  out.push(`  Timings:            breadcrumb query -c ${project} --performance`);
  const gap = report.gaps.top.find((g) => g.suggested_include);
  if (gap?.excluded_by) out.push(`  Trace a gap:        breadcrumb config edit ${project} --remove-exclude '${gap.excluded_by}'`);
  else if (gap?.suggested_include) out.push(`  Trace a gap:        breadcrumb config edit ${project} --add-include '${gap.suggested_include}'`);
  out.push(RULE);
  return out.join('\n') + '\n';
}

/** A file under the run's folder as a relative path: `src/pay.js` reads better than the absolute one. */
function shortPath(file: string, cwd: string | null): string {
  // the queries write a file under the project root as its module id does (`./src/pay.js`)
  if (file.startsWith('./')) return file.slice(2);
  if (cwd === null || !path.isAbsolute(file)) return file;
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** Three significant decimals at most: `0.136 ms`, `49.9 ms`, `1540 ms`. */
function ms(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  const text = value.toFixed(digits);
  return `${text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text} ms`;
}

/**
 * A call that suspended: its elapsed time and the time it ran; folded calls that did: only the time they
 * ran (overlapping waits summed say nothing).
 */
function lineTime(line: TreeLine, duration: number): string {
  if (line.on_thread_ms === undefined) return `${ms(duration)}${line.count > 1 ? ' total' : ''}`;
  if (line.count > 1) return `${ms(line.on_thread_ms)} running in total`;
  return `${ms(duration)}, ${ms(line.on_thread_ms)} running`;
}

function treeLine(line: TreeLine): string {
  if (line.process) return `  [${truncate(line.function, 120)}]`;
  const count = line.count > 1 ? ` ×${line.count}` : '';
  const time = line.duration_ms === null ? ' (unfinished)' : ` (${lineTime(line, line.duration_ms)})`;
  const threw = line.threw ? ' threw' : '';
  const indent = '  '.repeat(line.depth + 1);
  if (line.other_functions) {
    const calls = `${line.count} calls`;
    return `${indent}-> ${truncate(line.call ?? line.function, 100)} and ${line.other_functions} other functions of ${truncate(line.module ?? '?', 80)}, ${calls}${time}`;
  }
  return `${indent}-> ${truncate(line.call ?? line.function, 100)}${count}${time}${threw}`;
}
