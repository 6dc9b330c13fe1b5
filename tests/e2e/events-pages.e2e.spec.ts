import { beforeAll, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import type { UpcastEvent } from '#event-store';
import { toLogEvent } from '../../apps/api/src/events/log-event.js';
import { offending, type Http } from '../support/e2e-http.js';
import { headAtLeast, metadata, newEvents, streamName } from '../support/events.js';
import { onBothFeedStores, recordGoalsVisibly, wholeLog, type FeedSuite } from '../support/feed-apps.js';

/** Small, so that the log of the suite spans several scans. */
const SCAN_LIMIT = 40;

interface PageBody {
  items: ReturnType<typeof toLogEvent>[];
  nextCursor: string | null;
  logPosition: number;
}

/** Follows nextCursor from the first page to the last, alternating instances where there are two. */
async function allPages(suite: FeedSuite, query: Record<string, string>): Promise<PageBody[]> {
  const pages: PageBody[] = [];
  let cursor: string | null = null;
  do {
    const http: Http = suite.instances()[pages.length % suite.instances().length].http;
    const page: PageBody = (await http().get('/v1/events').query(cursor === null ? query : { ...query, cursor }).expect(200)).body as PageBody;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

const served = (events: UpcastEvent[]) => JSON.parse(JSON.stringify(events.map(toLogEvent))) as PageBody['items'];

onBothFeedStores({ scanLimit: SCAN_LIMIT }, (suite) => {
  let log: UpcastEvent[];
  let goalIds: string[];
  const testStream = streamName('feedtest');

  beforeAll(async () => {
    const [{ store, raw }] = suite.instances();
    goalIds = await recordGoalsVisibly(store, 25);
    await headAtLeast(store, (await raw.append(testStream, newEvents(12), 'no-stream')).position);
    log = await wholeLog(store);
  });

  describe('pages of the log', () => {
    it('hands out the whole log in position order, page by page, each page at most limit events', async () => {
      const pages = await allPages(suite, { limit: '7' });
      expect(pages.flatMap((page) => page.items)).toEqual(served(log));
      expect(pages.every((page) => page.items.length <= 7)).toBe(true);
      expect(pages.slice(0, -1).every((page) => page.items.length === 7 && page.logPosition === page.items[6].position)).toBe(true);
      expect(pages[pages.length - 1].logPosition).toBe(log[log.length - 1].position);
    });

    it('starts after position 0 with 100 events a page by default, and after a given position on request', async () => {
      const [{ http }] = suite.instances();
      const first = (await http().get('/v1/events').expect(200)).body as PageBody;
      expect(first.items).toEqual(served(log.slice(0, Math.min(SCAN_LIMIT, 100))));
      const middle = log[50].position;
      const after = (await http().get('/v1/events').query({ after: String(middle), limit: '5' }).expect(200)).body as PageBody;
      expect(after.items).toEqual(served(log.slice(51, 56)));
    });

    it('gives every event its id, stream, revision, position, type, both schema versions, data and metadata', async () => {
      const [{ http }] = suite.instances();
      const [event] = ((await http().get('/v1/events').query({ limit: '1' }).expect(200)).body as PageBody).items;
      expect(Object.keys(event)).toEqual(['id', 'stream', 'revision', 'position', 'type', 'schemaVersion', 'storedSchemaVersion', 'data', 'metadata']);
      expect(event.metadata).toEqual(expect.objectContaining({ actor: expect.any(String), correlationId: expect.any(String), causationId: null, occurredAt: expect.any(String), recordedAt: expect.any(String) }));
    });

    it('ends the range at until, and reaches the head with a null cursor', async () => {
      const until = log[30].position;
      const pages = await allPages(suite, { limit: '8', until: String(until) });
      expect(pages.flatMap((page) => page.items)).toEqual(served(log.slice(0, 31)));
      expect(pages[pages.length - 1]).toMatchObject({ nextCursor: null, logPosition: until });
    });
  });

  describe('filters', () => {
    const expectFiltered = async (query: Record<string, string>, keep: (event: UpcastEvent) => boolean) => {
      const pages = await allPages(suite, { limit: '1000', ...query });
      expect(pages.flatMap((page) => page.items)).toEqual(served(log.filter(keep)));
      return pages;
    };

    it('keeps the event types listed, comma-separated or repeated', async () => {
      const wanted = ['GoalStatusChanged', 'GoalRevised'];
      await expectFiltered({ type: wanted.join(',') }, (event) => wanted.includes(event.type));
      const [{ http }] = suite.instances();
      const repeated = (await http().get(`/v1/events?limit=1000&type=GoalStatusChanged&type=GoalRevised`).expect(200)).body as PageBody;
      expect(repeated.items).toEqual(served(log.slice(0, SCAN_LIMIT).filter((event) => wanted.includes(event.type))));
    });

    it('keeps the categories and streams listed, and combines different filters with AND', async () => {
      await expectFiltered({ category: 'feedtest' }, (event) => event.stream === testStream);
      const streams = [`goal-${goalIds[3]}`, `goal-${goalIds[17]}`];
      await expectFiltered({ stream: streams.join(',') }, (event) => streams.includes(event.stream));
      await expectFiltered({ category: 'goal,feedtest', type: 'GoalFormulated' }, (event) => event.type === 'GoalFormulated');
    });

    it('examines at most the scan limit per request: a short page still continues after the scanned range', async () => {
      const stream = `goal-${goalIds[24]}`;
      const pages = await expectFiltered({ stream }, (event) => event.stream === stream);
      expect(pages.length).toBeGreaterThanOrEqual(Math.floor(log.length / SCAN_LIMIT));
      expect(pages[0]).toMatchObject({ logPosition: log[SCAN_LIMIT - 1].position, nextCursor: expect.any(String) });
      expect(pages[0].items.every((event) => event.stream === stream)).toBe(true);
    });
  });

  describe('NDJSON', () => {
    const ndjson = async (query: Record<string, string>) => {
      const response = await suite.instances()[0].http().get('/v1/events').query(query).set('Accept', 'application/x-ndjson').buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      return { response, events: (response.body as string).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown) };
    };

    it('streams the whole range up to the head, equal to the pages put together', async () => {
      const { response, events } = await ndjson({});
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(events).toEqual((await allPages(suite, { limit: '9' })).flatMap((page) => page.items));
      expect(Number(response.headers['x-log-position'])).toBeGreaterThanOrEqual(log[log.length - 1].position);
    });

    it('streams from after or a cursor through until, with filters', async () => {
      const after = log[10].position;
      const until = log[60].position;
      const { events } = await ndjson({ after: String(after), until: String(until), type: 'GoalStatusChanged' });
      expect(events).toEqual(served(log.slice(11, 61).filter((event) => event.type === 'GoalStatusChanged')));
      const [{ http }] = suite.instances();
      const { nextCursor } = (await http().get('/v1/events').query({ limit: '10' }).expect(200)).body as PageBody;
      expect((await ndjson({ cursor: String(nextCursor), until: String(until) })).events).toEqual(served(log.slice(10, 61)));
    });
  });

  it('serves an event stored in schema version 1 upcast to version 2, naming the version it is stored in', async () => {
    const [{ store, raw, http }] = suite.instances();
    const goalId = `feed-v1-${uuidv7()}`;
    const data = { goalId, from: 'agreed', to: 'in_progress', reason: 'Auftakt mit den Kitas' };
    const { position } = await raw.append(`goal-${goalId}`, [{ id: uuidv7(), type: 'GoalStatusChanged', schemaVersion: 1, data, metadata }], 'no-stream');
    await headAtLeast(store, position);
    const page = (await http().get('/v1/events').query({ stream: `goal-${goalId}` , after: String(position - 1) }).expect(200)).body as PageBody;
    expect(page.items).toEqual([expect.objectContaining({ position, type: 'GoalStatusChanged', schemaVersion: 2, storedSchemaVersion: 1, data: { goalId, to: 'in_progress', reason: 'Auftakt mit den Kitas' } })]);
  });

  it('refuses bad parameters with one problem naming each of them', async () => {
    const [{ http }] = suite.instances();
    const bad = await http().get('/v1/events?after=-1&limit=0&until=x&type=GoalStatusChanged,Bogus&category=a%20b&stream=nodash&bogus=1').expect(400);
    expect(offending(bad)).toEqual(['query:after', 'query:bogus', 'query:category', 'query:limit', 'query:stream', 'query:type', 'query:until']);
    expect(JSON.stringify(bad.body)).toContain('unknown: Bogus');
    expect(offending(await http().get('/v1/events?cursor=not-a-cursor').expect(400))).toEqual(['query:cursor']);
    const { nextCursor } = (await http().get('/v1/events?limit=1').expect(200)).body as PageBody;
    expect(offending(await http().get(`/v1/events?after=3&cursor=${nextCursor}`).expect(400))).toEqual(['query:cursor']);
    expect(offending(await http().get('/v1/events?limit=5').set('Accept', 'application/x-ndjson').expect(400))).toEqual(['query:limit']);
  });

  it('answers hostile parameters of both feeds with a 4xx, never a 5xx', async () => {
    const [{ http }] = suite.instances();
    const queries = [
      'after=1e400', 'after=9007199254740993', 'after=0x10', 'after=1&after=2', 'until=-1', 'limit=1.5', 'limit=1001', 'cursor=%00',
      `cursor=${Buffer.from('{"after":"-5"}').toString('base64url')}`, `cursor=${Buffer.from('{"after":{"$gt":""}}').toString('base64url')}`,
      'type=', 'type=,,,', `type=${'GoalRevised,'.repeat(200)}`, 'category=goal-x', `stream=${'a'.repeat(5000)}-x`, 'stream[]=goal-x', '__proto__=1',
    ];
    for (const query of queries) {
      for (const path of ['/v1/events', '/v1/events/live']) {
        const response = await http().get(`${path}?${query}`);
        expect({ path, query, status: response.status }).toEqual({ path, query, status: 400 });
      }
    }
    const header = await http().get('/v1/events/live').set('Last-Event-ID', '99999999999999999');
    expect(offending(header)).toEqual(['header:Last-Event-ID']);
  });
});
