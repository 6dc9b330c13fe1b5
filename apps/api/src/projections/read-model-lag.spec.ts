import { describe, expect, it } from '@jest/globals';
import type { EventStore, RecordedEvent } from '#event-store';
import { readModelLags } from './read-model-lag.js';

/** A log whose events sit at the given positions, recorded at the given seconds. */
function logOf(recorded: Record<number, number>): EventStore {
  const events = Object.entries(recorded).map(([position, second]) => ({ position: Number(position), metadata: { recordedAt: new Date(second * 1000).toISOString() } }) as RecordedEvent);
  return {
    headPosition: async () => Math.max(...events.map((event) => event.position)),
    readAll: async ({ after, limit }: { after: number; limit: number }) => events.filter((event) => event.position > after).slice(0, limit),
  } as unknown as EventStore;
}

describe('read model lag', () => {
  it('measures the recording time between the last event applied and the head, across gaps in the positions', async () => {
    const log = logOf({ 1: 100, 2: 110, 5: 130, 9: 175 });
    const lags = await readModelLags(log, [
      { name: 'behind', checkpoint: 2, lag: 7 },
      { name: 'caught-up', checkpoint: 9, lag: 0 },
      { name: 'empty', checkpoint: 0, lag: 9 },
    ]);
    expect(lags).toEqual([
      { name: 'behind', events: 7, seconds: 65 },
      { name: 'caught-up', events: 0, seconds: 0 },
      { name: 'empty', events: 9, seconds: 75 },
    ]);
  });
});
