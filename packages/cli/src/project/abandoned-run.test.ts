import { describe, expect, it } from 'vitest';
import { settleAbandonedRun } from './abandoned-run.js';
import type { Store } from './store-client.js';

type Proc = { pid: number; parent: string | null; ended_at: string | null; end_reason: string | null; exit_code: number | null };

function storeWith(status: string, processes: Proc[]) {
  const finished: unknown[] = [];
  const store = {
    getTrace: () => ({ run: { status }, processes }),
    finishRun: (runId: number, end: unknown) => finished.push([runId, end]),
  } as unknown as Store;
  return { store, finished };
}

const ended = (pid: number, code: number, parent: string | null = null, at = '2026-01-01T00:00:01.000Z'): Proc => ({
  pid,
  parent,
  ended_at: at,
  end_reason: 'exit',
  exit_code: code,
});

describe('settleAbandonedRun', () => {
  it("takes the root process's exit code when every process has ended", () => {
    const { store, finished } = storeWith('running', [ended(10, 3), ended(11, 0, '10.0', '2026-01-01T00:00:02.000Z')]);
    expect(settleAbandonedRun(store, 7, () => false)).toEqual({ status: 'failed', exitCode: 3 });
    expect(finished).toEqual([[7, { status: 'failed', exitCode: 3, endedAtMs: Date.parse('2026-01-01T00:00:02.000Z') }]]);
  });

  it('says killed when the root never recorded an end and nothing of the run is alive', () => {
    const { store } = storeWith('running', [{ pid: 10, parent: null, ended_at: null, end_reason: null, exit_code: null }]);
    expect(settleAbandonedRun(store, 7, () => false)).toEqual({ status: 'killed', exitCode: null });
  });

  it('leaves a run alone while one of its processes still runs, or once it has a status', () => {
    const alive = storeWith('running', [ended(10, 0), { pid: 11, parent: '10.0', ended_at: null, end_reason: null, exit_code: null }]);
    expect(settleAbandonedRun(alive.store, 7, (pid) => pid === 11)).toBeNull();
    expect(alive.finished).toEqual([]);
    const done = storeWith('completed', [ended(10, 0)]);
    expect(settleAbandonedRun(done.store, 7, () => false)).toBeNull();
  });
});
