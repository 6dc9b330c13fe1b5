import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it, jest } from '@jest/globals';
import type { UpcastEvent } from '#event-store';
import { ndjsonOf, readPage, READ_CHUNK, type LogSource } from './log-reader.js';

/** A log of `count` events at positions 2, 4, 6 … (gaps, as PostgreSQL may leave), every third in stream `wanted-1`. */
function logOf(count: number): LogSource & { events: UpcastEvent[]; readAll: jest.Mock<LogSource['readAll']> } {
  const events = Array.from({ length: count }, (_, i): UpcastEvent => ({
    id: `e${i}`, stream: i % 3 === 0 ? 'wanted-1' : 'other-1', revision: i, position: 2 * (i + 1), type: 'TestHappened',
    schemaVersion: 1, storedSchemaVersion: 1, data: { i },
    metadata: { actor: 'unit', correlationId: 'c', causationId: null, occurredAt: '2013-06-30T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z' },
  }));
  const readAll = jest.fn(async ({ after, limit }: { after: number; limit: number }) => events.filter((event) => event.position > after).slice(0, limit));
  return { events, readAll };
}

const wanted = (event: { stream: string }) => event.stream === 'wanted-1';

describe('a page of the log', () => {
  it('without a filter reads just the page, and continues after its last event', async () => {
    const log = logOf(50);
    const page = await readPage(log, { after: 10, limit: 7, scanLimit: 10_000 });
    expect(page).toEqual({ events: log.events.slice(5, 12), through: 24, complete: false });
    expect(log.readAll).toHaveBeenCalledWith({ after: 10, limit: 7 });
  });

  it('with a filter examines no more than the scan limit, and continues after what it examined', async () => {
    const log = logOf(5000);
    const page = await readPage(log, { after: 0, limit: 100, matches: (event) => event.stream === 'nowhere-1', scanLimit: 1200 });
    expect(page).toEqual({ events: [], through: 2400, complete: false });
    expect(log.readAll.mock.calls.map(([options]) => options.limit)).toEqual([READ_CHUNK, READ_CHUNK, 200]);
  });

  it('stops at the limit inside a chunk, so the next page starts right after the last event it holds', async () => {
    const log = logOf(100);
    const page = await readPage(log, { after: 0, limit: 4, matches: wanted, scanLimit: 10_000 });
    expect(page.events.map((event) => event.position)).toEqual([2, 8, 14, 20]);
    expect(page).toMatchObject({ through: 20, complete: false });
  });

  it('is complete at the head, and at until', async () => {
    const log = logOf(10);
    expect(await readPage(log, { after: 0, limit: 100, matches: wanted, scanLimit: 10_000 })).toMatchObject({ through: 20, complete: true });
    expect(await readPage(log, { after: 0, limit: 100, until: 9, scanLimit: 10_000 })).toMatchObject({ through: 8, complete: true });
    expect(await readPage(log, { after: 0, limit: 4, until: 8, scanLimit: 10_000 })).toMatchObject({ through: 8, complete: true });
    expect(await readPage(log, { after: 20, limit: 4, scanLimit: 10_000 })).toEqual({ events: [], through: 20, complete: true });
  });
});

describe('the NDJSON of a range', () => {
  it('reads the next page only when the client took the last, and stops reading once the client is gone', async () => {
    const log = logOf(5 * READ_CHUNK);
    const hungUp = new AbortController();
    let taken = 0;
    const client = new Writable({
      highWaterMark: 1,
      // Takes the first page, then stops reading and hangs up.
      write(_chunk, _encoding, done) {
        taken += 1;
        if (taken === 1) done();
        else hungUp.abort();
      },
    });
    const streaming = pipeline(ndjsonOf(log, 0, Number.MAX_SAFE_INTEGER, undefined, hungUp.signal), client);
    await new Promise((resolve) => hungUp.signal.addEventListener('abort', resolve));
    client.destroy();
    await expect(streaming).rejects.toThrow();
    expect(log.readAll.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('writes one line per matching event, in order, through until', async () => {
    const log = logOf(1200);
    let text = '';
    const client = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    await pipeline(ndjsonOf(log, 10, 2000, wanted, new AbortController().signal), client);
    const positions = text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { position: number }).position);
    expect(positions).toEqual(log.events.filter((event) => wanted(event) && event.position > 10 && event.position <= 2000).map((event) => event.position));
  });
});
