import type { Pool, PoolClient } from 'pg';
import { translateUnavailable } from './postgres-errors.js';

/** Runs `work` in one transaction on a pooled connection; rolls back on any error, which it translates. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client?.query('ROLLBACK').catch(() => undefined);
    throw translateUnavailable(error);
  } finally {
    client?.release();
  }
}
