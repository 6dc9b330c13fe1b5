import { describe, expect, it } from '@jest/globals';
import type { Response } from 'express';
import { readAtLeast } from './min-position.js';
import type { ProjectionsService } from './projections.service.js';

/**
 * A projections service whose read model holds everything recorded before `appliedUntil` and whose log
 * head is `head`; its read models reach whatever they are asked for unless `reached` is false.
 */
function projectionsAt(head: number, appliedUntil: string, reached = true) {
  const asked: number[] = [];
  const projections = {
    positionRecordedBy: async (_readModel: string, instant: string) => (instant < appliedUntil ? 0 : head),
    waitFor: async (position: number) => (asked.push(position), reached),
  } as unknown as ProjectionsService;
  return { projections, asked };
}

const response = () => {
  const headers: Record<string, string> = {};
  return { headers, setHeader: (name: string, value: string) => void (headers[name] = value) } as unknown as Response & { headers: Record<string, string> };
};

describe('what a read waits for', () => {
  it('waits for the position a write answered with, and for nothing when asked as known now', async () => {
    const { projections, asked } = projectionsAt(42, '2026-01-01T00:00:00.000Z');
    await readAtLeast(projections, 'goals', { minPosition: 7 }, response());
    await readAtLeast(projections, 'goals', {}, response());
    expect(asked).toEqual([7]);
  });

  it('waits for every event recorded by knownAt that the read model has not applied, and only then', async () => {
    const { projections, asked } = projectionsAt(42, '2026-01-01T00:00:00.000Z');
    await readAtLeast(projections, 'goals', { knownAt: '2026-01-01T00:00:01Z' }, response());
    await readAtLeast(projections, 'goals', { knownAt: '2025-12-31' }, response());
    await readAtLeast(projections, 'goals', { knownAt: '2025-12-31T00:00:00Z', minPosition: 3 }, response());
    await readAtLeast(projections, 'goals', { knownAt: '2026-01-01', minPosition: 50 }, response());
    expect(asked).toEqual([42, 3, 50]);
  });

  it('answers 503 with Retry-After when the read model does not get there in time', async () => {
    const { projections } = projectionsAt(42, '2026-01-01T00:00:00.000Z', false);
    const answer = response();
    await expect(readAtLeast(projections, 'goals', { knownAt: '2026-01-01T00:00:01Z' }, answer)).rejects.toMatchObject({ kind: 'service-unavailable' });
    expect(answer.headers['Retry-After']).toBe('1');
  });
});
