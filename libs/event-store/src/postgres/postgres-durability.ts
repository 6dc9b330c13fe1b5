import type pg from 'pg';

/** The server settings that decide whether an acknowledged commit survives a power loss. */
export interface PostgresDurability {
  /** `on` unless the server was told not to flush its write-ahead log to disk at all. */
  readonly fsync: string;
  /** `off` acknowledges a commit before it is flushed; `local` before synchronous standbys have it. */
  readonly synchronousCommit: string;
}

/** Reads the settings as a session sees them: a connection string, role or database may override them per session. */
export async function readDurability(session: Pick<pg.Pool | pg.ClientBase, 'query'>): Promise<PostgresDurability> {
  const { rows } = await session.query<{ fsync: string; synchronous_commit: string }>(
    `SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit`,
  );
  return { fsync: rows[0].fsync, synchronousCommit: rows[0].synchronous_commit };
}

/** Why appends acknowledged under these settings could be lost on power loss, or undefined when they cannot. */
export function durabilityWarning({ fsync, synchronousCommit }: PostgresDurability): string | undefined {
  const weak = [
    fsync === 'off' ? 'fsync=off (a power loss can corrupt the database)' : undefined,
    synchronousCommit === 'off' ? 'synchronous_commit=off (a power loss can lose appends already acknowledged)' : undefined,
    synchronousCommit === 'local'
      ? 'synchronous_commit=local (a failover to a standby can lose appends already acknowledged)'
      : undefined,
  ].filter((reason) => reason !== undefined);
  return weak.length === 0 ? undefined : `PostgreSQL runs with ${weak.join(' and ')}`;
}

/**
 * A check of each connection a pool opens (its `onConnect`), not only the first: settings changed on the
 * server, the role or the database while the store runs apply to the sessions opened after. Each distinct
 * warning is told once. `first` is what the first connection that could be read reported.
 */
export function durabilityCheck(warn: (message: string) => void): { onConnect: (client: pg.ClientBase) => Promise<void>; readonly first: PostgresDurability | undefined } {
  const told = new Set<string>();
  let first: PostgresDurability | undefined;
  const onConnect = async (client: pg.ClientBase) => {
    // Awaited before the pool hands the connection out, so that no query of the store runs beside it.
    const read = await readDurability(client).catch(() => undefined);
    if (read === undefined) return;
    first ??= read;
    const warning = durabilityWarning(read);
    if (warning === undefined || told.has(warning)) return;
    told.add(warning);
    warn(warning);
  };
  return {
    onConnect,
    get first() {
      return first;
    },
  };
}
