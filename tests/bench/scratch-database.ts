import pg from 'pg';
import { machine } from './bench-kit.js';

export interface ScratchDatabase {
  /** Connection string of the scratch database. */
  readonly url: string;
  /** This machine and the PostgreSQL server's version, for the report. */
  readonly machine: Readonly<Record<string, string | number>>;
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of the run's own on the server `serverUrl` points at: every contender (ours, the raw driver,
 * Emmett, which keeps its tables in `public`) works in it, and dropping it removes whatever a failed run
 * left behind.
 */
export async function scratchDatabase(serverUrl: string, name: string): Promise<ScratchDatabase> {
  const version = await onServer(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}"`);
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    machine: { ...machine(), postgres: version },
    drop: () => onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
