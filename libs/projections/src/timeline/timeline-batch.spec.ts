import { describe, expect, it } from '@jest/globals';
import type { TimelineTail } from './stream-timeline.js';
import { rememberTails, type FoldingTimeline } from './timeline-batch.js';

/** A timeline of which only its id and tail matter here; `undefined` for a stream without rows. */
function timeline(streamId: string, revision: number | undefined): FoldingTimeline {
  const tail = revision === undefined ? undefined : ({ revision } as TimelineTail<unknown>);
  return { streamId, revision: revision ?? -1, add: () => undefined, takeChanges: () => ({ inserted: [], closed: [], deleted: [] }), tail: () => tail };
}

const remembered = (memory: Map<string, unknown>) => [...memory].map(([id, tail]) => `${id}@${(tail as TimelineTail<unknown>).revision}`);

describe('rememberTails', () => {
  it('keeps the latest tail of each stream, the most recently folded last', () => {
    const memory = new Map<string, unknown>();
    rememberTails(memory, [timeline('a', 0), timeline('b', 0)]);
    rememberTails(memory, [timeline('a', 3)]);
    expect(remembered(memory)).toEqual(['b@0', 'a@3']);
  });

  it('forgets the least recently folded streams beyond the limit', () => {
    const memory = new Map<string, unknown>();
    rememberTails(memory, [timeline('a', 0), timeline('b', 0), timeline('c', 0)], 3);
    rememberTails(memory, [timeline('a', 1), timeline('d', 0)], 3);
    expect(remembered(memory)).toEqual(['c@0', 'a@1', 'd@0']);
  });

  it('forgets a stream whose timeline has no tail, so that it is loaded whole next time', () => {
    const memory = new Map<string, unknown>();
    rememberTails(memory, [timeline('a', 0)]);
    rememberTails(memory, [timeline('a', undefined)]);
    expect(remembered(memory)).toEqual([]);
  });
});
