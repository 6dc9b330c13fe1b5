import { afterAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SqliteEventStore, sqliteDriverPath } from '#event-store';
import { newEvent } from '../support/events.js';
import { eventStoreContract } from './event-store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-contract-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('SqliteEventStore', {
  async open() {
    files += 1;
    return SqliteEventStore.open(join(dir, `events-${files}.sqlite`), { pollIntervalMs: 50 });
  },
  async reopen(store) {
    const file = (store as SqliteEventStore).database.name;
    await store.close();
    return SqliteEventStore.open(file, { pollIntervalMs: 50 });
  },
});

it('runs the store\'s connection in WAL mode with synchronous=FULL', async () => {
  files += 1;
  const store = await SqliteEventStore.open(join(dir, `events-${files}.sqlite`));
  try {
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 is FULL: every commit is synced before append() returns; 1 (NORMAL) could lose the last ones.
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2);
  } finally {
    await store.close();
  }
});

it('waits for SQLite\'s write lock while another connection holds it for longer than a few seconds, as building a large index does', async () => {
  files += 1;
  const file = join(dir, `events-${files}.sqlite`);
  const store = await SqliteEventStore.open(file);
  // Another connection, on a thread of its own as the read models' writer is, holds the write lock for 6 s.
  const holder = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const db = new (require(workerData.driver))(workerData.file);
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 6000);
     db.exec('COMMIT');
     db.close();`,
    { eval: true, workerData: { driver: sqliteDriverPath, file } },
  );
  try {
    await once(holder, 'message');
    const appended = await store.append('goal-lock', [newEvent(0)], 'no-stream');
    expect(appended.position).toBe(1);
  } finally {
    await once(holder, 'exit');
    await store.close();
  }
});
