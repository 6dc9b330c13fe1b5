import type pg from 'pg';

/**
 * Tells the other instances that appends were committed (NOTIFY on the log's channel). It is sent after
 * the commit, not inside `append_events`: NOTIFY holds a server-wide lock from its commit until that
 * commit is flushed, so inside the append it made every append wait for the flush of every other one.
 * Coalesced: at most one is in flight; appends committed meanwhile are announced by one more after it.
 */
export class PostgresAppendAnnouncer {
  private inFlight: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly pool: pg.Pool, private readonly channel: string) {}

  announce(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    // A lost announcement only delays other instances until their next poll.
    this.inFlight = this.pool
      .query(`SELECT pg_notify($1, '')`, [this.channel])
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.inFlight = undefined;
        if (!this.again) return;
        this.again = false;
        this.announce();
      });
  }

  /** Waits for the announcement in flight and sends none after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.inFlight;
  }
}
