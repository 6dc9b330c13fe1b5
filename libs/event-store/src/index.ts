export * from './event-store.port.js';
export * from './errors.js';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.js';
export { openSqlite } from './sqlite/sqlite-driver.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';
export type { PostgresDurability } from './postgres/postgres-durability.js';
export { quoteSchema, runMigration } from './postgres/postgres-schema.js';
export { withTransaction } from './postgres/postgres-transaction.js';
export { translateUnavailable } from './postgres/postgres-errors.js';
