import pg from 'pg';
import { assertAppendable, assertExpectedRevision, resolveRetry, type StoredId } from '../append-rules.js';
import { SubscriptionHub } from '../subscription-hub.js';
import { EventIdConflictError } from '../errors.js';
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
import { isUniqueViolation, translateUnavailable } from './postgres-errors.js';
import { PostgresAppendAnnouncer } from './postgres-append-announcer.js';
import { durabilityCheck, readDurability, type PostgresDurability } from './postgres-durability.js';
import { migrateEventStore, notificationChannel, quoteSchema } from './postgres-schema.js';
import { PostgresNotificationListener } from './postgres-notification-listener.js';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  /** Schema holding the log (default `public`); tests use one schema per suite. */
  readonly schema?: string;
  readonly poolSize?: number;
  /** Fallback poll for subscribers when a notification was missed (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Told, once per reason, when a connection's settings could lose acknowledged appends on power loss (default: a process warning). */
  readonly onWarning?: (message: string) => void;
}

const CONNECT_TIMEOUT_MS = 5000;

interface EventRow {
  position: string;
  id: string;
  stream: string;
  revision: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  /** As stored: without the recording time, which is its own column. */
  metadata: Omit<RecordedEvent['metadata'], 'recordedAt'> & { recordedAt?: string };
  recorded_at: Date;
}

interface AppendRow {
  outcome: 'appended' | 'stored' | 'conflict';
  revision: string | null;
  position: string | null;
  stored: StoredId[] | null;
}

/**
 * The PostgreSQL adapter. Appends to different streams commit in parallel; `readAll` and
 * `headPosition` stop at the oldest append still in flight, so a subscriber reading
 * `position > checkpoint` never skips a late commit (see postgres-parallel-appends.ts).
 */
export class PostgresEventStore implements EventStore {
  private readonly sql: ReturnType<typeof statements>;
  private readonly listener: PostgresNotificationListener;
  private readonly announcer: PostgresAppendAnnouncer;
  private readonly subscriptions: SubscriptionHub;

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const durabilityOfEach = durabilityCheck(options.onWarning ?? ((message) => process.emitWarning(message)));
    // A silent network would otherwise hold requests until the kernel gives up on TCP (minutes): fail
    // fast with 503 instead, and keep idle connections probed.
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      onConnect: durabilityOfEach.onConnect,
    });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const schema = options.schema ?? 'public';
    let durability: PostgresDurability;
    try {
      await migrateEventStore(options.connectionString, schema, CONNECT_TIMEOUT_MS);
      // The pool's first connection reads (and warns about) the settings in its onConnect.
      (await pool.connect()).release();
      durability = durabilityOfEach.first ?? (await readDurability(pool));
    } catch (error) {
      await pool.end();
      throw translateUnavailable(error);
    }
    return new PostgresEventStore(pool, schema, durability, options);
  }

  /** Where the log lives, for the read models beside it (which open connections of their own). */
  readonly connectionString: string;

  private constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    private readonly settings: PostgresDurability,
    options: PostgresEventStoreOptions,
  ) {
    this.connectionString = options.connectionString;
    this.sql = statements(`${quoteSchema(schema)}.events`, quoteSchema(schema));
    this.announcer = new PostgresAppendAnnouncer(pool, notificationChannel(schema));
    this.listener = new PostgresNotificationListener(options.connectionString, notificationChannel(schema), () =>
      this.subscriptions.notify(),
    );
    this.subscriptions = new SubscriptionHub((page) => this.readAll(page), options.pollIntervalMs ?? 1000, this.listener);
  }

  /** `fsync` and `synchronous_commit` as the server reported them to this store's sessions at open. */
  durability(): PostgresDurability {
    return this.settings;
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(stream, events, expected);
    const expectedParam = expected === 'any' ? null : expected === 'no-stream' ? -1 : expected;
    let row: AppendRow;
    try {
      const result = await this.pool.query<AppendRow>(this.sql.append, [
        stream,
        expectedParam,
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => e.schemaVersion ?? 1),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
      ]);
      row = result.rows[0];
    } catch (error) {
      if (isUniqueViolation(error, 'events_id_key')) throw new EventIdConflictError(stream, events.map((e) => e.id));
      throw translateUnavailable(error);
    }
    if (row.outcome === 'stored') {
      const stored = (row.stored ?? []).map((s) => ({ ...s, revision: Number(s.revision), position: Number(s.position) }));
      const retried = resolveRetry(stream, events, stored);
      if (retried) return retried;
    }
    if (row.outcome === 'conflict') assertExpectedRevision(stream, expected, Number(row.revision));
    // Subscribers in this process wake at once; other instances learn of it through NOTIFY.
    this.subscriptions.notify();
    this.announcer.announce();
    return { revision: Number(row.revision), position: Number(row.position), duplicate: false };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.select(this.sql.readStream, [stream, options.fromRevision ?? 0, options.limit ?? null]);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.select(this.sql.readAll, [after, limit]);
  }

  async readEvent(id: string): Promise<RecordedEvent | undefined> {
    // A malformed UUID cannot be stored, so it cannot be found either; PostgreSQL would reject the cast.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
    return (await this.select(this.sql.readEvent, [id]))[0];
  }

  async headPosition(): Promise<number> {
    const result = await this.query<{ head: string | null }>(this.sql.head, []);
    return Number(result.rows[0].head ?? 0);
  }

  subscribe(options: SubscribeOptions): Subscription {
    return this.subscriptions.subscribe(options);
  }

  async close(): Promise<void> {
    await this.subscriptions.closeAll();
    await this.announcer.stop();
    await this.listener.stop();
    await this.pool.end();
  }

  private async select(text: string, values: unknown[]): Promise<RecordedEvent[]> {
    return (await this.query<EventRow>(text, values)).rows.map(toRecordedEvent);
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw translateUnavailable(error);
    }
  }
}

function statements(table: string, schema: string) {
  const columns = 'position, id, stream, revision, type, schema_version, data, metadata, recorded_at';
  // Rows of transactions older than every one still in flight: a gap-free prefix of the log. A scalar
  // subquery, so the horizon is taken once per statement rather than once per row.
  const committed = 'xid < (SELECT pg_snapshot_xmin(pg_current_snapshot()))';
  return {
    append: `SELECT outcome, revision, position, stored FROM ${schema}.append_events($1, $2, $3::uuid[], $4, $5, $6::json[], $7::json[])`,
    // A stream's appends commit one after another (they hold the stream's lock until commit): no horizon needed.
    readStream: `SELECT ${columns} FROM ${table} WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
    readAll: `SELECT ${columns} FROM ${table} WHERE position > $1 AND ${committed} ORDER BY position LIMIT $2`,
    readEvent: `SELECT ${columns} FROM ${table} WHERE id = $1`,
    head: `SELECT max(position) AS head FROM ${table} WHERE ${committed}`,
  };
}

/** pg parses each row's metadata afresh: it gets its recording time in place rather than in a spread copy. */
function toRecordedEvent(row: EventRow): RecordedEvent {
  const { metadata } = row;
  metadata.recordedAt = row.recorded_at.toISOString();
  return {
    id: row.id,
    stream: row.stream,
    revision: Number(row.revision),
    position: Number(row.position),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: metadata as RecordedEvent['metadata'],
  };
}
