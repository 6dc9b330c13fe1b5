import { afterAll, expect, it } from '@jest/globals';
import { PostgresEventStore } from '#event-store';
import { PostgresProjectionStore } from '#projections';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';
import { projectionStoreContract } from './projection-store.contract.js';

const schemas: string[] = [];

function newSchema(): string {
  const schema = uniqueSchema();
  schemas.push(schema);
  return schema;
}

const openEvents = (schema: string) => PostgresEventStore.open({ connectionString: testDatabaseUrl, schema, pollIntervalMs: 50 });

describePostgres('PostgreSQL', () => {
  afterAll(() => dropSchemas(schemas));

  projectionStoreContract('PostgresProjectionStore', {
    async open() {
      const events = await openEvents(newSchema());
      const projections = await PostgresProjectionStore.open(events.pool, events.schema).catch(async (error: unknown) => {
        await events.close();
        throw error;
      });
      return { events, projections, close: () => events.close() };
    },
  });

  it('creates its tables when two instances open it on a fresh schema at the same moment', async () => {
    const schema = newSchema();
    // As two API instances deployed together: each opens the log, then the read models.
    const instances = await Promise.all([openEvents(schema), openEvents(schema)]);
    try {
      const opened = await Promise.allSettled(instances.map((events) => PostgresProjectionStore.open(events.pool, schema)));
      expect(opened.map((result) => (result.status === 'rejected' ? String(result.reason) : result.status))).toEqual(['fulfilled', 'fulfilled']);
    } finally {
      await Promise.all(instances.map((events) => events.close()));
    }
  });
});
