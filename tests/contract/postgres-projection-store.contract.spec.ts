import { afterAll } from '@jest/globals';
import { describePostgres, dropSchemas } from '../support/postgres.js';
import { postgresBackend } from '../support/runner-harness.js';
import { readModelStoreContract } from './projection-store.contract.js';

describePostgres('PostgreSQL', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(schemas));
  readModelStoreContract('PostgreSQL', postgresBackend(schemas));
});
