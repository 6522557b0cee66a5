// `breadcrumb run` is done once its report is printed and its store closed: what Node does after that
// when left to end by itself (freeing the environment, disposing of the V8 heap page by page, joining
// its threads) is ~20 ms of the run's wall time that nobody waits for in plain node's place, so the
// CLI ends there with process.exit(), which skips it: 49 -> 29 ms from the CLI's exit event to its
// end as its parent saw it (median of 15 interleaved runs of an empty program, Node 20, load ~3).
// process.exit() still emits 'exit' and keeps process.exitCode. It drops what a stream has not
// written yet (stdout and stderr to a pipe are asynchronous on macOS): with anything pending, the
// process ends on its own as before.

/** What of a stream tells whether it still holds unwritten data. */
export interface PendingWrites {
  readonly writableLength: number;
}

/**
 * Ends the process now when nothing is waiting to be written to `streams`; returns false (and does
 * nothing) otherwise.
 */
export function exitWhenWritten(
  streams: readonly PendingWrites[] = [process.stdout, process.stderr],
  exit: () => void = () => process.exit(),
): boolean {
  if (streams.some((stream) => stream.writableLength > 0)) return false;
  exit();
  return true;
}
