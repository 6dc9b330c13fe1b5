import { describe, expect, it } from '@jest/globals';
import type { Response } from 'express';
import { readAtLeast, RECENT_KNOWN_AT_MS } from './min-position.js';
import type { ProjectionsService } from './projections.service.js';

/** A projections service whose log head is `head` and whose read models reach whatever they are asked for. */
function projectionsAt(head: number, reached = true) {
  const asked: number[] = [];
  const projections = { headPosition: async () => head, waitFor: async (position: number) => (asked.push(position), reached) } as unknown as ProjectionsService;
  return { projections, asked };
}

const response = () => {
  const headers: Record<string, string> = {};
  return { headers, setHeader: (name: string, value: string) => void (headers[name] = value) } as unknown as Response & { headers: Record<string, string> };
};

describe('what a read waits for', () => {
  it('waits for the position a write answered with, and for nothing when asked as known now', async () => {
    const { projections, asked } = projectionsAt(42);
    await readAtLeast(projections, 'goals', { minPosition: 7 }, response());
    await readAtLeast(projections, 'goals', {}, response());
    expect(asked).toEqual([7]);
  });

  it('waits for the log head of the request when knownAt is of the last seconds: events recorded by then may not be applied yet', async () => {
    const { projections, asked } = projectionsAt(42);
    await readAtLeast(projections, 'goals', { knownAt: new Date().toISOString() }, response());
    await readAtLeast(projections, 'goals', { knownAt: new Date(Date.now() - 2 * RECENT_KNOWN_AT_MS).toISOString() }, response());
    await readAtLeast(projections, 'goals', { knownAt: new Date(Date.now() - 2 * RECENT_KNOWN_AT_MS).toISOString(), minPosition: 3 }, response());
    await readAtLeast(projections, 'goals', { knownAt: new Date().toISOString(), minPosition: 50 }, response());
    expect(asked).toEqual([42, 3, 50]);
  });

  it('answers 503 with Retry-After when the read model does not get there in time', async () => {
    const { projections } = projectionsAt(42, false);
    const answer = response();
    await expect(readAtLeast(projections, 'goals', { knownAt: new Date().toISOString() }, answer)).rejects.toMatchObject({ kind: 'service-unavailable' });
    expect(answer.headers['Retry-After']).toBe('1');
  });
});
