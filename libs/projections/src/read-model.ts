import type { CompiledQuery, Kysely } from 'kysely';
import type { RecordedEvent } from '#event-store';

/** What decides whether a read model cares about an event: enough to route a write's events before reading them. */
export type EventKind = Pick<RecordedEvent, 'stream' | 'type'>;

export interface ApplyContext<Tables> {
  /**
   * Reads and builds writes against the generation being written: logical table names (`goals`) are
   * mapped to the generation's physical ones (`goals_g3`). Writes are returned compiled, not executed.
   */
  readonly db: Kysely<Tables>;
  /**
   * What the read model keeps between the batches of one worker (e.g. the stream tails it folded), so it
   * need not read it back. The worker forgets it when a batch fails or its commit is refused: it then
   * describes what the generation holds up to the checkpoint, plus the batch still being committed.
   */
  readonly memory: Map<string, unknown>;
  /**
   * Resolves once the batch still being committed, if it holds an event of one of `streams` (log stream
   * names), is committed. Only a read model that folds while the last batch commits
   * (`foldsWhileCommitting`) needs it: it reads rows of a stream only after asking for that stream.
   */
  committed(streams: Iterable<string>): Promise<void>;
}

/**
 * A read model: real tables beside the log, filled by `apply` from batches of events. The
 * infrastructure owns generations, checkpoints, leases and swaps; a definition only says what its
 * tables look like and which rows a batch of events writes. `ReadModel` without a type argument stands
 * for a read model of any tables.
 */
export interface ReadModel<Tables = never> {
  /** Lower-case words joined by dashes; used in the registry and in admin URLs. */
  readonly name: string;
  /** Bump when the tables or the fold change: a new generation is built in the shadow and swapped in. */
  readonly version: number;
  /** Logical names of the tables `createTables` creates; readers query views of these names. */
  readonly tables: readonly (keyof Tables & string)[];
  /**
   * False for a read model no write answer depends on (e.g. the audit log): writes do not wait for it,
   * and its readers use `minPosition` for read-your-writes. Default true.
   */
  readonly awaitedByWrites?: boolean;
  /**
   * Folds events as stored, not upcast through the event catalogue (default: upcast). For what must see
   * the recorded bytes, such as the log's Merkle tree.
   */
  readonly storedEvents?: boolean;
  /**
   * True when `apply` may fold a batch while the batch before it still commits, which hides the fold's
   * time behind the commit's during a catch-up. Its reads then do not see that batch's rows yet: it must
   * remember what it needs (`memory`) or wait with `ctx.committed`. Default false: each batch is folded
   * once the one before it is committed.
   */
  readonly foldsWhileCommitting?: boolean;
  /** A write waits only for the read models that handle one of its events. */
  handles(event: EventKind): boolean;
  /**
   * Creates the tables of one generation with the schema builder only (both dialects), with the keys and
   * indexes `apply` reads by. `table` maps a logical table name to the generation's physical one; use it
   * for table and index names alike.
   */
  createTables(db: Kysely<unknown>, table: (logical: string) => string): Promise<void>;
  /**
   * Creates the indexes the queries need and `apply` does not. A generation built in the shadow gets them
   * once it has nearly caught up, a first generation filled in place over a long log once it has caught
   * up: building an index in one go is cheaper than keeping it up to date row by row. Runs again after an
   * interruption: use `ifNotExists()`.
   */
  createIndexes?(db: Kysely<unknown>, table: (logical: string) => string): Promise<void>;
  /**
   * Folds a batch (only events this model handles, in position order) and returns the write queries,
   * compiled with `ctx.db`. They run in one transaction with the checkpoint move.
   */
  apply(events: readonly RecordedEvent[], ctx: ApplyContext<Tables>): Promise<CompiledQuery[]>;
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
/** Leaves room for the generation suffix (`_g123456`) within PostgreSQL's 63-byte identifiers. */
const TABLE = /^[a-z][a-z0-9_]{0,47}$/;

export function assertReadModel(model: Pick<ReadModel, 'name' | 'version' | 'tables'>): void {
  if (!NAME.test(model.name)) throw new TypeError(`Read model name "${model.name}" is not a-z, 0-9, -`);
  if (!Number.isInteger(model.version) || model.version < 1) throw new TypeError(`Read model ${model.name}: version must be a positive integer`);
  if (model.tables.length === 0) throw new TypeError(`Read model ${model.name} declares no tables`);
  for (const table of model.tables) {
    // A logical name that looks like a physical one could collide with another generation's table.
    if (!TABLE.test(table) || /_g\d+$/.test(table)) throw new TypeError(`Read model ${model.name}: table name "${table}" is not allowed`);
  }
}

/** The physical name of a logical table in one generation. */
export function physicalTable(logical: string, generation: number): string {
  return `${logical}_g${generation}`;
}
