import { afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '#event-store';
import { SqliteProjectionStore } from '#projections';
import { projectionStoreContract } from './projection-store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-projections-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

projectionStoreContract('SqliteProjectionStore', {
  async open() {
    files += 1;
    const events = await SqliteEventStore.open(join(dir, `ledger-${files}.sqlite`), { pollIntervalMs: 50 });
    // One file, one backup: the read models live in the event store's database.
    return { events, projections: new SqliteProjectionStore(events.database), close: () => events.close() };
  },
});
