// Which recorded calls are running on a process's thread, innermost last, as the spool's events
// tell it: a call runs from its start (or a resume) until it suspends at await/yield or ends. A call's
// self time leaves out the time its callees ran *inside* it, that is, while it was the frame below
// them; a callee that runs while its caller is suspended (an async child resumed by the event loop,
// a timer callback whose causal parent is the awaiting function) ran inside nothing of the caller's.
// Charging each running segment to the frame below it keeps every call's self time within the time
// it ran, and the self times of a thread within the time the thread ran.
import type { OpenCalls } from './process-state.js';

/** Past this many frames (calls that started and never ended: events lost), the stack starts over. */
const MAX_FRAMES = 1 << 17;

export class RunningStack {
  /** Call ids, innermost last (typed arrays: this runs for every call event of the ingest). */
  private calls = new Float64Array(256);
  /** When each started its current running segment (ns). */
  private since = new Float64Array(256);
  private size = 0;

  constructor(private readonly open: OpenCalls) {}

  /**
   * `callId` starts running at `ts`, called by `parent` (its causal parent): when the parent is
   * running, the frames above it have stopped (their end events come later, e.g. an exception exit
   * set aside while a `finally` of the parent runs its cleanup).
   */
  enter(callId: number, parent: number, ts: number): void {
    if (parent !== 0 && (this.size === 0 || this.calls[this.size - 1] !== parent)) {
      const at = this.indexOf(parent);
      if (at >= 0) this.stopAbove(at, ts);
    }
    this.push(callId, ts);
  }

  /** `callId` resumes at `ts`, inside whatever runs now (a generator's next() caller, or nothing). */
  resume(callId: number, ts: number): void {
    if (this.indexOf(callId) < 0) this.push(callId, ts);
  }

  /**
   * `callId` suspends or ends at `ts`: the time since it started running is charged to the frame below.
   * `ownNs`: at its end, Breadcrumb's work during the call (value capture, flushes), which its duration
   * leaves out; the frame below has it in its own work already, so its callees' time leaves it out too.
   */
  stop(callId: number, ts: number, ownNs = 0): void {
    if (this.size === 0) return;
    if (this.calls[this.size - 1] !== callId) {
      const at = this.indexOf(callId);
      if (at < 0) return;
      this.stopAbove(at, ts);
    }
    this.pop(ts, ownNs);
  }

  private indexOf(callId: number): number {
    for (let i = this.size - 1; i >= 0; i--) if (this.calls[i] === callId) return i;
    return -1;
  }

  private push(callId: number, ts: number): void {
    if (this.size === this.calls.length) {
      if (this.size >= MAX_FRAMES) this.size = 0;
      else {
        const calls = new Float64Array(this.size * 2);
        calls.set(this.calls);
        this.calls = calls;
        const since = new Float64Array(this.size * 2);
        since.set(this.since);
        this.since = since;
      }
    }
    this.calls[this.size] = callId;
    this.since[this.size++] = ts;
  }

  private stopAbove(at: number, ts: number): void {
    while (this.size - 1 > at) this.pop(ts, 0);
  }

  /** Takes the innermost frame off; its segment (less `ownNs`) is time the frame below did not run itself. */
  private pop(ts: number, ownNs: number): void {
    const since = this.since[--this.size]!;
    if (this.size === 0) return;
    const slot = this.open.slotOf(this.calls[this.size - 1]!);
    if (slot >= 0) this.open.childNs[slot] = this.open.childNs[slot]! + Math.max(0, ts - since) - ownNs;
  }
}
