import pg from 'pg';
import { openSqlite, quoteSchema } from '#event-store';
import { rate } from './bench-kit.js';

/** One way to read the whole log with the bare driver: the events it read. */
export interface RawScan {
  readonly name: string;
  scan(): Promise<number>;
}

/** The ways to read one log, over one connection opened beforehand (ours keeps its connection open too). */
export interface RawScans {
  readonly scans: readonly RawScan[];
  close(): Promise<void>;
}

const COLUMNS = 'position, id, stream, revision, type, schema_version, data, metadata, recorded_at';
/** Index of `data` and `metadata` in COLUMNS; the rows are arrays, the cheapest shape either driver gives. */
const DATA = 6;
const METADATA = 7;

/** SQLite: one statement over the whole log, and keyset pages; rows as arrays, JSON parsed as ours does. */
export function sqliteRawScans(file: string): RawScans {
  const db = openSqlite(file, { readonly: true });
  const parse = (row: unknown[]) => {
    JSON.parse(row[DATA] as string);
    JSON.parse(row[METADATA] as string);
  };
  const pages = (size: number): RawScan => ({
    name: `better-sqlite3 .raw().all() in keyset pages of ${size.toLocaleString('en-US')}`,
    scan: async () => {
      const page = db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ${size}`).raw();
      let count = 0;
      for (let rows = page.all(0) as unknown[][]; rows.length > 0; rows = page.all(rows[rows.length - 1][0]) as unknown[][]) {
        rows.forEach(parse);
        count += rows.length;
      }
      return count;
    },
  });
  const oneSelect: RawScan = {
    name: 'better-sqlite3 .raw().iterate() over one SELECT',
    scan: async () => {
      let count = 0;
      for (const row of db.prepare(`SELECT ${COLUMNS} FROM events ORDER BY position`).raw().iterate() as Iterable<unknown[]>) {
        parse(row);
        count += 1;
      }
      return count;
    },
  };
  return { scans: [oneSelect, pages(1000), pages(10_000)], close: async () => void db.close() };
}

/** PostgreSQL: keyset pages of two sizes and one query for everything; rows as arrays, jsonb parsed by pg. */
export async function postgresRawScans(url: string, schema: string): Promise<RawScans> {
  const table = `${quoteSchema(schema)}.events`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pages = (size: number): RawScan => ({
    name: `pg keyset pages of ${size.toLocaleString('en-US')}, rows as arrays`,
    scan: async () => {
      let count = 0;
      for (let after = '0'; ; ) {
        const { rows } = await client.query<unknown[]>({
          text: `SELECT ${COLUMNS} FROM ${table} WHERE position > $1 ORDER BY position LIMIT ${size}`,
          values: [after],
          rowMode: 'array',
        });
        if (rows.length === 0) return count;
        count += rows.length;
        after = String(rows[rows.length - 1][0]);
      }
    },
  });
  const oneSelect: RawScan = {
    name: 'pg one SELECT of the whole log, rows as arrays',
    scan: async () => {
      const { rows } = await client.query<unknown[]>({ text: `SELECT ${COLUMNS} FROM ${table} ORDER BY position`, rowMode: 'array' });
      return rows.length;
    },
  };
  return { scans: [pages(1000), pages(10_000), oneSelect], close: () => client.end() };
}

/** Times each scan twice (the first warms up) and returns the fastest: the baseline is the limit we know. */
export async function fastest(scans: readonly RawScan[], total: number): Promise<RawScan> {
  let best: { scan: RawScan; perSecond: number } | undefined;
  for (const scan of scans) {
    await scan.scan();
    const perSecond = await rate(total, () => scan.scan());
    if (!best || perSecond > best.perSecond) best = { scan, perSecond };
  }
  if (!best) throw new Error('no raw scan given');
  return best.scan;
}
