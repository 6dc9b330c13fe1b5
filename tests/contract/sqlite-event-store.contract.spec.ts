import { afterAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '#event-store';
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
