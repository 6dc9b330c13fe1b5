import type { CompiledQuery, Kysely } from 'kysely';
import type { RegistryTables } from './registry-tables.js';

/**
 * One database for the read models: the Kysely instance readers and the schema builder use, plus the one
 * way to write, `transaction`. The SQLite and PostgreSQL adapters differ only in how they connect and how
 * they run that transaction.
 */
export interface ReadModelDatabase {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Reads, and the schema builder (whose statements are compiled and run by `transaction`). Never write
   * through it, nor open a Kysely transaction on it: on SQLite that would hold SQLite's single write lock
   * across `await`s, while the event store's synchronous appends wait for it on the same thread; and a
   * write there would wait on this thread for the writer's thread to commit (see `SqliteWriter`).
   */
  readonly db: Kysely<RegistryTables>;
  /**
   * Runs `guards`, then `writes`, in one transaction: every write of the read models goes this way. A
   * guard that changes no row refuses the whole transaction: it is rolled back and the result is false.
   */
  transaction(guards: readonly CompiledQuery[], writes: readonly CompiledQuery[], options?: TransactionOptions): Promise<boolean>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /**
   * Wait for the commit to be durable. A batch of rows need not (it is applied again from the log after a
   * crash); a lease, a generation registered or retired is a decision that must not be undone.
   */
  readonly durable?: boolean;
}

/** Thrown inside a transaction to roll it back when a guard changed no row. */
export class GuardRefused extends Error {
  override readonly name = 'GuardRefused';
}
