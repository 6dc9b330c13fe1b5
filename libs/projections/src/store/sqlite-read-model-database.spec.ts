import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { CompiledQuery } from 'kysely';
import { APPEND_COUNTERS, appendsWaiting, openSqlite, SqliteEventStore } from '#event-store';
import { turnsDuring } from '../../../../tests/support/event-loop-turns.js';
import { newEvent } from '../../../../tests/support/events.js';
import { SqliteReadModelDatabase } from './sqlite-read-model-database.js';

describe('the read models’ transactions on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-writer-'));
  let files = 0;
  const opened: SqliteReadModelDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.close()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = async () => {
    const database = await SqliteReadModelDatabase.open(join(dir, `read-models-${(files += 1)}.sqlite`));
    opened.push(database);
    await database.transaction([], [CompiledQuery.raw('create table places (name text not null unique)')]);
    return database;
  };
  /** Resolves once another connection holds the file's write lock. */
  const untilLocked = async (file: string) => {
    const probe = openSqlite(file, { timeout: 0 });
    try {
      for (;;) {
        try {
          probe.exec('begin immediate');
          probe.exec('rollback');
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_BUSY') return;
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } finally {
      probe.close();
    }
  };
  const insert = (name: string) => CompiledQuery.raw('insert into places (name) values (?)', [name]);
  const names = async (database: SqliteReadModelDatabase) =>
    (await database.db.executeQuery<{ name: string }>(CompiledQuery.raw('select name from places order by name'))).rows.map((row) => row.name);

  it('commits the writes together once every guard changed a row', async () => {
    const database = await open();
    await database.transaction([], [insert('Ahlen')]);
    expect(await database.transaction([CompiledQuery.raw("update places set name = name where name = 'Ahlen'")], [insert('Beckum'), insert('Ennigerloh')])).toBe(true);
    expect(await names(database)).toEqual(['Ahlen', 'Beckum', 'Ennigerloh']);
  });

  it('rolls everything back and answers false when a guard changed no row', async () => {
    const database = await open();
    expect(await database.transaction([CompiledQuery.raw("update places set name = name where name = 'Telgte'")], [insert('Beckum')])).toBe(false);
    expect(await names(database)).toEqual([]);
  });

  it('rejects with SQLite’s error and code, writes nothing of that transaction, and commits the next one', async () => {
    const database = await open();
    const failing = database.transaction([], [insert('Oelde'), insert('Oelde')]);
    await expect(failing).rejects.toThrow('UNIQUE constraint failed: places.name');
    await expect(failing).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(await database.transaction([], [insert('Sendenhorst')])).toBe(true);
    expect(await names(database)).toEqual(['Sendenhorst']);
  });

  it('leaves this thread free while a transaction runs, so that requests are served meanwhile', async () => {
    const database = await open();
    // Two hundred thousand rows in one statement: a transaction long enough for many turns of the event loop.
    const many = CompiledQuery.raw(
      "insert into places (name) with recursive n(i) as (select 1 union all select i + 1 from n where i < 200000) select 'place ' || i from n",
    );
    const { result: committed, turns } = await turnsDuring(() => database.transaction([], [many]));
    expect(committed).toBe(true);
    expect(turns).toBeGreaterThan(1);
  });

  it('starts a new writer thread after its thread ended unexpectedly', async () => {
    const database = await open();
    const writer = (database as unknown as { writer: { worker?: Worker } }).writer;
    const exitCode = await writer.worker?.terminate();
    expect(exitCode).toBe(1);
    expect(await database.transaction([], [insert('Wadersloh')])).toBe(true);
    expect(await names(database)).toEqual(['Wadersloh']);
  });

  it('finishes the transaction in flight when closed, and refuses the ones after', async () => {
    const database = await open();
    const inFlight = database.transaction([], [insert('Drensteinfurt')]);
    await database.close();
    await expect(inFlight).resolves.toBe(true);
    await expect(database.transaction([], [insert('Everswinkel')])).rejects.toThrow('closed');
    const reopened = await SqliteReadModelDatabase.open(join(dir, `read-models-${files}.sqlite`));
    opened.push(reopened);
    expect(await names(reopened)).toEqual(['Drensteinfurt']);
  });

  it('lets an append waiting for the write lock go before the transactions queued behind the one in progress', async () => {
    const file = join(dir, `read-models-${(files += 1)}.sqlite`);
    const events = await SqliteEventStore.open(file);
    try {
      const database = await SqliteReadModelDatabase.open(file);
      opened.push(database);
      await database.transaction([], [CompiledQuery.raw('create table heads (head integer not null)')]);
      // Each transaction counts for a while with the lock held, then notes the log's head as it commits.
      const slow = CompiledQuery.raw(
        'insert into heads (head) select (select coalesce(max(position), 0) from events) from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 300000) select count(*) from n)',
      );
      const queued = Array.from({ length: 8 }, () => database.transaction([], [slow]));
      await untilLocked(file);
      const { position } = await events.append(`count-${randomUUID()}`, [newEvent(1)], 'no-stream');
      await Promise.all(queued);
      const heads = (await database.db.executeQuery<{ head: number }>(CompiledQuery.raw('select head from heads'))).rows.map((row) => row.head);
      expect(heads).toHaveLength(8);
      // The one in progress, at most one more that began as the append arrived.
      expect(heads.filter((head) => head < position).length).toBeLessThanOrEqual(2);
    } finally {
      await events.close();
    }
  });

  it('holds a transaction back for at most a moment behind an append that never finishes', async () => {
    const database = await open();
    const appends = appendsWaiting(join(dir, `read-models-${files}.sqlite`));
    Atomics.add(appends, APPEND_COUNTERS.arrived, 1);
    try {
      expect(await database.transaction([], [insert('Ostbevern')])).toBe(true);
    } finally {
      Atomics.add(appends, APPEND_COUNTERS.finished, 1);
    }
    expect(await names(database)).toEqual(['Ostbevern']);
  });
});
