import { request } from 'node:http';
import { join } from 'node:path';
import { SqliteEventStore } from '#event-store';
import { PeakRss, timed } from '../bench-kit.js';
import { seed } from '../replay.bench.js';
import { interleaved, type Contender, type Sample, type ScenarioResult } from '../stats.js';
import { TEST_ADMIN_HEADERS } from '../../support/test-admin.js';
import { startServer, withServers, type Server } from './http-load.js';

const CLIENTS = 100;

/** Reads one SSE stream until `events` messages arrived; resolves with the seconds that took. */
function receive(url: string, events: number, since: bigint): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(`${url}`, { headers: { accept: 'text/event-stream', ...TEST_ADMIN_HEADERS } }, (response) => {
      let seen = 0;
      let tail = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        // Each message starts with its id line; counting those needs no full parse.
        const text = tail + chunk;
        seen += text.split('\nid: ').length - 1 + (text.startsWith('id: ') && tail === '' ? 1 : 0);
        // Four characters: a whole "\nid: " (five) is never carried over, so none is counted twice.
        tail = text.slice(-4);
        if (seen >= events) {
          call.destroy();
          resolve(Number(process.hrtime.bigint() - since) / 1e9);
        }
      });
      response.on('error', reject);
      response.on('end', () => (seen >= events ? undefined : reject(new Error(`stream of ${url} ended after ${seen} of ${events} events`))));
    });
    call.on('error', reject);
    call.end();
  });
}

/** `CLIENTS` clients at once read the whole log from position 0; deliveries per second, with the slowest client's time. */
function fanOut(name: string, server: Server, path: string, events: number): Contender {
  return {
    name,
    measure: async (): Promise<Sample> => {
      const rss = new PeakRss();
      const since = process.hrtime.bigint();
      const { seconds, result: perClient } = await timed(() => Promise.all(Array.from({ length: CLIENTS }, () => receive(`${server.url}${path}`, events, since))));
      const sorted = [...perClient].sort((a, b) => a - b);
      return { value: (events * CLIENTS) / seconds, extra: { p50ClientMs: sorted[Math.floor(CLIENTS / 2)] * 1000, slowestClientMs: sorted[CLIENTS - 1] * 1000, clientPeakRssMiB: rss.stop() / 2 ** 20 } };
    },
  };
}

/**
 * SSE fan-out: 100 clients replay the log through `GET /v1/events/live?after=0` at once, against the same
 * bytes written from memory by a bare Node server (the ceiling), interleaved.
 */
export async function sseFanOut(workDir: string, total: number, rounds: number, report: (r: ScenarioResult) => void): Promise<ScenarioResult> {
  const dataDir = join(workDir, 'sse');
  const store = await SqliteEventStore.open(join(dataDir, 'goal-ledger.sqlite'));
  const events = await seed(store, total);
  await store.close();
  const env = { GOAL_LEDGER_STORE: 'sqlite', GOAL_LEDGER_DATA_DIR: dataDir };
  return withServers([() => startServer('app', env), () => startServer('bare-sse', env)], async ([app, bare]) => {
    const result = await interleaved(
      {
        group: 'Live feed',
        name: `SSE fan-out: ${CLIENTS} clients replay ${events} events at once`,
        unit: 'deliveries/s',
        better: 'higher',
        note: 'embedded SQLite store; a delivery is one event reaching one client',
        contenders: [fanOut('ours', app, '/v1/events/live?after=0', events), fanOut('bare Node server, same bytes from memory', bare, '/', events)],
      },
      rounds,
    );
    report(result);
    return result;
  });
}
