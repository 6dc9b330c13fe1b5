import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { EVENT_CATALOGUE } from '#domain';
import { CheckedEventStore, SqliteEventStore } from '#event-store';
import { sseMessage } from '../../../apps/api/src/events/log-event.js';
import { loadConfig } from '../../../apps/api/src/config/app-config.js';

/**
 * The ceiling of SSE fan-out: the embedded store's whole log rendered once into SSE messages (the same
 * bytes the live feed sends), written from memory to every client that connects, with nothing else
 * between the log and the socket.
 */
export async function bareSseServer(): Promise<Server> {
  const config = loadConfig(process.env);
  const store = new CheckedEventStore(await SqliteEventStore.open(join(config.dataDir, 'goal-ledger.sqlite')), EVENT_CATALOGUE);
  const messages: Buffer[] = [];
  for (let page = await store.readAll({ after: 0, limit: 1000 }); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 })) {
    messages.push(...page.map(sseMessage));
  }
  await store.close();
  const body = Buffer.concat(messages);
  return createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.end(body);
  });
}
