import type { INestApplication, LoggerService } from '@nestjs/common';
import { apiKeyStream } from '#domain';
import { EVENT_STORE, type EventStore } from '#event-store';
import { Idempotency } from '../commands/idempotency.js';
import { exampleSteps, type ExampleWrite } from './example-requests.js';
import { EXAMPLE_IDENTITY, exampleKey, loadExample } from './load-example.js';
import { ProcessCredentials } from '../access/process-credentials.js';

/**
 * GOAL_LEDGER_SEED_EXAMPLE=true: once the API serves, load the example data set — into an empty store, or
 * into one that holds it already (a load cut off by a restart is completed; a finished one writes
 * nothing). A store holding other data is left alone: `npm run seed:example` loads the example anyway.
 * A failure is logged; the API goes on serving.
 */
export async function seedExampleOnStart(app: INestApplication, baseUrl: string, logger: LoggerService): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  try {
    if ((await holdsData(store)) && !(await holdsExample(store))) {
      logger.warn?.('GOAL_LEDGER_SEED_EXAMPLE is set, but the store holds other data: the example data set is not loaded (npm run seed:example loads it anyway)');
      return;
    }
    logger.log('loading the example data set (Kreis Warendorf in "Kein Kind zurücklassen!")');
    const { written, alreadyThere } = await loadExample(baseUrl, app.get(ProcessCredentials).issue(EXAMPLE_IDENTITY));
    logger.log(`example data set loaded: ${written} writes recorded, ${alreadyThere} were there already`);
  } catch (error) {
    logger.error(`the example data set could not be loaded: ${String(error)}`);
  }
}

/** Whether the log holds anything but API keys (the admin key of a first start is issued before this runs). */
async function holdsData(store: EventStore): Promise<boolean> {
  const first = await store.readAll({ after: 0, limit: 100 });
  return first.some((event) => event.stream !== apiKeyStream());
}

/** The example's first write is in the log: its event id derives from actor and Idempotency-Key. */
async function holdsExample(store: EventStore): Promise<boolean> {
  const first = exampleSteps().find((step): step is ExampleWrite => step.kind === 'write');
  if (!first) return false;
  const context = { identity: EXAMPLE_IDENTITY, idempotencyKey: exampleKey(first), correlationId: '', fingerprint: '' };
  return (await store.readEvent(new Idempotency(store, context).eventId(0))) !== undefined;
}
