import { describe, expect, it } from 'vitest';
import { answerWithinBudget } from './answer-budget.js';

/** A query over `total` items of ~100 characters each, answering `limit` of them (default 500). */
function listQuery(total: number, asked: (number | undefined)[]) {
  return (limit: number | undefined) => {
    asked.push(limit);
    const shown = Math.min(total, limit ?? 500);
    const events = Array.from({ length: shown }, (_, i) => ({ i, text: 'x'.repeat(90) }));
    return { events, total_events: total, ...(shown < total ? { note: `showing ${shown} of ${total}` } : {}) };
  };
}

describe('answerWithinBudget', () => {
  it('leaves an answer under the budget alone, in compact JSON', () => {
    const asked: (number | undefined)[] = [];
    const text = answerWithinBudget(undefined, 'events', listQuery(10, asked), 5_000).text;
    expect(asked).toEqual([undefined]);
    expect(text).not.toContain('\n');
    expect(JSON.parse(text).events).toHaveLength(10);
  });

  it('asks again with a limit that fits when the default answer is too long', () => {
    const asked: (number | undefined)[] = [];
    const text = answerWithinBudget(undefined, 'events', listQuery(5_000, asked), 10_000).text;
    expect(asked).toHaveLength(2);
    expect(asked[1]).toBeGreaterThan(50);
    expect(text.length).toBeLessThanOrEqual(10_000);
    const answer = JSON.parse(text);
    expect(answer.events).toHaveLength(asked[1]!);
    expect(answer.note).toBe(`cut to fit 10,000 characters of JSON, as no limit was given; showing ${asked[1]} of 5000`);
  });

  it('honours an explicit limit whatever the size', () => {
    const asked: (number | undefined)[] = [];
    const text = answerWithinBudget(400, 'events', listQuery(5_000, asked), 10_000).text;
    expect(asked).toEqual([400]);
    expect(JSON.parse(text).events).toHaveLength(400);
  });

  it('sends answers without a list (a report) and plain text as they are', () => {
    const asked: (number | undefined)[] = [];
    expect(answerWithinBudget(undefined, undefined, () => 'x'.repeat(20_000), 10).text).toHaveLength(20_000);
    expect(answerWithinBudget(undefined, undefined, listQuery(5_000, asked), 10).text).toContain('"total_events":5000');
    expect(asked).toEqual([undefined]);
  });

  it('stops at one item when a single item is over the budget', () => {
    const asked: (number | undefined)[] = [];
    const text = answerWithinBudget(undefined, 'events', listQuery(5_000, asked), 50).text;
    expect(JSON.parse(text).events).toHaveLength(1);
    expect(asked.length).toBeLessThanOrEqual(4);
  });
});
