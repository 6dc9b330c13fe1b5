import { afterEach, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import type { UpcastEvent } from '#event-store';
import { toLogEvent } from '../../apps/api/src/events/log-event.js';
import { offending } from '../support/e2e-http.js';
import { headAtLeast, metadata } from '../support/events.js';
import { onBothFeedStores, recordGoalsVisibly, wholeLog, type FeedInstance } from '../support/feed-apps.js';
import { SseClient } from '../support/sse-client.js';

/** Few recent events in memory, so that clients further behind catch up from the log first. */
const SETTINGS = { recentEvents: 10, heartbeatMs: 200 };

const clients: SseClient[] = [];
afterEach(() => clients.splice(0).forEach((client) => client.close()));

async function connect(instance: FeedInstance, query = '', headers: Record<string, string> = {}): Promise<SseClient> {
  const client = await SseClient.open(`${instance.url}/v1/events/live${query}`, headers);
  clients.push(client);
  expect(client.status).toBe(200);
  expect(client.response.headers['content-type']).toMatch(/^text\/event-stream/);
  return client;
}

/** The position a stream starts after, from its first comment. */
async function startOf(client: SseClient): Promise<number> {
  await client.waitFor(() => client.comments.length > 0, () => 'the opening comment');
  return Number(/^events after position (\d+)$/.exec(client.comments[0])?.[1]);
}

async function receivedAll(client: SseClient, events: readonly UpcastEvent[]): Promise<void> {
  const last = events[events.length - 1].position;
  await client.waitFor(() => client.positions().includes(last), () => `position ${last} (got ${client.positions().length} events)`);
}

onBothFeedStores(SETTINGS, (suite) => {
  it('hands a client every event appended after it connected, exactly once and in order, across instances', async () => {
    const [reader, writer] = [suite.instances()[0], suite.instances()[suite.instances().length - 1]];
    const client = await connect(reader);
    const start = await startOf(client);
    await recordGoalsVisibly(writer.store, 12);
    const expected = await wholeLog(reader.store, start);
    await receivedAll(client, expected);

    expect(client.positions()).toEqual(expected.map((event) => event.position));
    expect(client.messages.map((message) => message.event)).toEqual(expected.map((event) => event.type));
    expect(client.messages.map((message) => JSON.parse(message.data) as unknown)).toEqual(JSON.parse(JSON.stringify(expected.map(toLogEvent))));
  });

  it('ends a stream whose API key is revoked while it runs, saying why, and hands it nothing recorded after', async () => {
    const [instance] = suite.instances();
    const issued = (await instance.http().post('/v1/admin/api-keys').send({ name: 'Evaluation', role: 'evaluator' }).expect(201)).body as { id: string; key: string };
    const client = await connect(instance, '', { authorization: `Bearer ${issued.key}` });
    await startOf(client);
    const revoked = (await instance.http().post(`/v1/admin/api-keys/${issued.id}/revoke`).send({ reason: 'Projekt beendet' }).expect(200)).body as { position: number };
    await client.waitFor(() => client.ended, () => 'the stream to end');
    expect(client.comments.at(-1)).toMatch(/^the credentials of this stream are no longer valid/);
    await recordGoalsVisibly(instance.store, 1);
    expect(Math.max(0, ...client.positions())).toBeLessThanOrEqual(revoked.position);
  });

  it('resumes after the Last-Event-ID from the middle of the log, the header winning over after', async () => {
    const [instance] = suite.instances();
    await recordGoalsVisibly(instance.store, 10);
    const log = await wholeLog(instance.store);
    const middle = log[Math.floor(log.length / 2)].position;
    const client = await connect(instance, '?after=0', { 'Last-Event-ID': String(middle) });
    await receivedAll(client, log);
    expect(client.positions()).toEqual(log.filter((event) => event.position > middle).map((event) => event.position));
  });

  it('catches clients up from the start of the log and joins them to the live feed without gap or repeat, while events keep coming', async () => {
    const [instance] = suite.instances();
    const writing = recordGoalsVisibly(instance.store, 30);
    const joined: SseClient[] = [];
    // Each client connects once the one before has seen some events, so that they meet the hub at different points.
    for (let i = 0; i < 4; i += 1) {
      const client = await connect(instance, '?after=0');
      await client.waitFor(() => client.messages.length >= 5, () => 'the first events');
      joined.push(client);
    }
    await writing;
    const log = await wholeLog(instance.store);
    for (const client of joined) {
      await receivedAll(client, log);
      expect(client.positions()).toEqual(log.map((event) => event.position));
    }
  });

  it('keeps to the filters', async () => {
    const [instance] = suite.instances();
    const client = await connect(instance, '?type=GoalStatusChanged,GoalRevised&category=goal');
    const start = await startOf(client);
    await recordGoalsVisibly(instance.store, 8);
    const expected = (await wholeLog(instance.store, start)).filter((event) => event.type === 'GoalStatusChanged' || event.type === 'GoalRevised');
    await receivedAll(client, expected);
    expect(client.positions()).toEqual(expected.map((event) => event.position));
  });

  it('feeds every client of an instance from one store subscription', async () => {
    const [instance] = suite.instances();
    const [first, second] = [await connect(instance), await connect(instance, '?type=GoalFormulated')];
    const start = await startOf(first);
    await recordGoalsVisibly(instance.store, 3);
    const log = await wholeLog(instance.store, start);
    await receivedAll(first, log);
    await receivedAll(second, log.filter((event) => event.type === 'GoalFormulated'));
    expect(instance.hub.clientCount).toBeGreaterThanOrEqual(2);
    expect(instance.hub.storeSubscriptions).toBe(1);
  });

  it('serves an event stored in schema version 1 upcast to version 2, naming the version it is stored in', async () => {
    const [instance] = suite.instances();
    const client = await connect(instance);
    await startOf(client);
    const goalId = `feed-v1-${uuidv7()}`;
    const data = { goalId, from: 'agreed', to: 'in_progress', reason: 'Auftakt mit den Kitas' };
    const { position } = await instance.raw.append(`goal-${goalId}`, [{ id: uuidv7(), type: 'GoalStatusChanged', schemaVersion: 1, data, metadata }], 'no-stream');
    await headAtLeast(instance.store, position);
    await client.waitFor(() => client.positions().includes(position), () => `position ${position}`);
    expect(JSON.parse(client.messages[client.messages.length - 1].data)).toMatchObject({
      position,
      schemaVersion: 2,
      storedSchemaVersion: 1,
      data: { goalId, to: 'in_progress', reason: 'Auftakt mit den Kitas' },
    });
  });

  it('sends heartbeat comments while nothing happens', async () => {
    const client = await connect(suite.instances()[0]);
    await client.waitFor(() => client.comments.filter((comment) => comment === 'heartbeat').length >= 2, () => 'two heartbeats');
  });

  describe('bad requests', () => {
    it('refuses a bad Last-Event-ID and bad query parameters with one problem naming each', async () => {
      const [{ http }] = suite.instances();
      const response = await http().get('/v1/events/live?after=x&type=Bogus&limit=5').set('Last-Event-ID', 'abc').expect(400);
      expect(offending(response)).toEqual(['header:Last-Event-ID', 'query:after', 'query:limit', 'query:type']);
    });
  });
});
