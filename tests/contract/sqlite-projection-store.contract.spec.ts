import { afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteBackend } from '../support/runner-harness.js';
import { readModelStoreContract } from './projection-store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-read-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// One file, one backup: the read models live in the event store's database, on a connection of their own.
readModelStoreContract('SQLite', sqliteBackend(dir));
