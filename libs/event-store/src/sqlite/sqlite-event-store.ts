import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { assertAppendable, assertExpectedRevision, resolveRetry, type StoredId } from '../append-rules.js';
import { SubscriptionHub } from '../subscription-hub.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { appendsWaiting, whileWaiting } from './appends-waiting.js';
import { openSqlite } from './sqlite-driver.js';
import { configureDurableDatabase, migrateSqliteLog } from './sqlite-schema.js';

export interface SqliteEventStoreOptions {
  /** How often subscribers look for events written by another process (default 1000 ms). */
  readonly pollIntervalMs?: number;
  readonly clock?: () => Date;
}

/** A row of COLUMNS as an array: better-sqlite3 builds arrays much faster than objects with named keys. */
type EventRow = [position: number, id: string, stream: string, revision: number, type: string, schemaVersion: number, data: string, metadata: string, recordedAt: string];

const COLUMNS = 'position, id, stream, revision, type, schema_version, data, metadata, recorded_at';

/**
 * The embedded adapter: one SQLite file in WAL mode. better-sqlite3 is synchronous and SQLite has a
 * single writer, so appends are serialised and commit in position order: any read sees a gap-free
 * prefix of the log, which is what subscribers rely on.
 */
export class SqliteEventStore implements EventStore {
  private readonly subscriptions: SubscriptionHub;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly appendTransaction: (stream: string, events: readonly NewEvent[], expected: ExpectedRevision) => AppendResult;
  /** Tells the read models' writer thread that an append waits for the lock (none for an in-memory database). */
  private readonly waiting: Int32Array | undefined;

  /** Opens (and creates or migrates when needed) the database file; `:memory:` gives a throw-away store. */
  static async open(file: string, options: SqliteEventStoreOptions = {}): Promise<SqliteEventStore> {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const database = openSqlite(file);
    try {
      configureDurableDatabase(database);
      await migrateSqliteLog(database);
    } catch (error) {
      database.close();
      throw error;
    }
    return new SqliteEventStore(database, options);
  }

  private constructor(readonly database: Database, private readonly options: SqliteEventStoreOptions) {
    this.statements = prepareStatements(database);
    this.subscriptions = new SubscriptionHub((page) => this.readAll(page), options.pollIntervalMs ?? 1000);
    // IMMEDIATE takes the write lock up front, so another process cannot slip in between check and insert.
    this.appendTransaction = database.transaction(this.appendWithinTransaction.bind(this)).immediate;
    this.waiting = database.memory ? undefined : appendsWaiting(database.name);
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(stream, events, expected);
    const result = whileWaiting(this.waiting, () => this.appendTransaction(stream, events, expected));
    if (!result.duplicate) this.subscriptions.notify();
    return result;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return (this.statements.readStream.all(stream, options.fromRevision ?? 0, options.limit ?? -1) as EventRow[]).map(toRecordedEvent);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    return (this.statements.readAll.all(after, limit) as EventRow[]).map(toRecordedEvent);
  }

  async readEvent(id: string): Promise<RecordedEvent | undefined> {
    const row = this.statements.readEvent.get(id) as EventRow | undefined;
    return row && toRecordedEvent(row);
  }

  async headPosition(): Promise<number> {
    return (this.statements.head.get() as { head: number | null }).head ?? 0;
  }

  subscribe(options: SubscribeOptions): Subscription {
    return this.subscriptions.subscribe(options);
  }

  async close(): Promise<void> {
    await this.subscriptions.closeAll();
    if (this.database.open) this.database.close();
  }

  private appendWithinTransaction(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult {
    const ids = JSON.stringify(events.map((event) => event.id));
    const retried = resolveRetry(stream, events, this.statements.storedIds.all(ids) as StoredId[]);
    if (retried) return retried;

    const current = (this.statements.streamRevision.get(stream) as { revision: number | null }).revision ?? -1;
    assertExpectedRevision(stream, expected, current);

    const recordedAt = this.recordedAt();
    let position = 0;
    events.forEach((event, index) => {
      position = Number(
        this.statements.insert.run(
          event.id,
          stream,
          current + 1 + index,
          event.type,
          event.schemaVersion ?? 1,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          recordedAt,
        ).lastInsertRowid,
      );
    });
    return { revision: current + events.length, position, duplicate: false };
  }

  /** System time never runs backwards along the log, even if the machine's clock does. */
  private recordedAt(): string {
    const now = (this.options.clock?.() ?? new Date()).toISOString();
    const last = (this.statements.lastRecordedAt.get() as { recorded_at: string } | undefined)?.recorded_at;
    return last !== undefined && last > now ? last : now;
  }
}

function prepareStatements(db: Database) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return {
    insert: prepare(
      `INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    storedIds: prepare('SELECT id, stream, revision, position FROM events WHERE id IN (SELECT value FROM json_each(?))'),
    streamRevision: prepare('SELECT max(revision) AS revision FROM events WHERE stream = ?'),
    lastRecordedAt: prepare('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1'),
    readStream: prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`).raw(),
    readAll: prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(),
    readEvent: prepare(`SELECT ${COLUMNS} FROM events WHERE id = ?`).raw(),
    head: prepare('SELECT max(position) AS head FROM events'),
  };
}

/** Reading the log is most of a rebuild's cost: no spread copies, the parsed metadata gets its time in place. */
function toRecordedEvent([position, id, stream, revision, type, schemaVersion, data, metadata, recordedAt]: EventRow): RecordedEvent {
  const parsedMetadata = JSON.parse(metadata);
  parsedMetadata.recordedAt = recordedAt;
  return { id, stream, revision, position, type, schemaVersion, data: JSON.parse(data), metadata: parsedMetadata };
}
