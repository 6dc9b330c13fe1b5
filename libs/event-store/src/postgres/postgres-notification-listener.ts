import pg from 'pg';

/**
 * One LISTEN connection shared by all subscribers of a store, open while at least one subscriber
 * exists. Notifications only shorten the wait: if the connection drops, subscribers still see new
 * events at their next poll, and the listener reconnects after a pause.
 *
 * Every change runs as one step of a serial queue that compares the connection with the number of
 * users, so subscribers arriving and leaving while a connection is being opened cannot leak one.
 */
export class PostgresNotificationListener {
  private users = 0;
  private closed = false;
  private client: pg.Client | undefined;
  private queue: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onNotification: () => void,
    private readonly reconnectDelayMs = 1000,
  ) {}

  retain(): void {
    this.users += 1;
    void this.reconcile();
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    void this.reconcile();
  }

  /** Closes the connection for good; the store calls this when it closes. */
  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.reconcile();
  }

  private reconcile(): Promise<void> {
    this.queue = this.queue.then(() => this.step());
    return this.queue;
  }

  private async step(): Promise<void> {
    const wanted = this.users > 0 && !this.closed;
    if (wanted && !this.client) {
      await this.connect();
    } else if (!wanted && this.client) {
      const client = this.client;
      this.client = undefined;
      await client.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000, keepAlive: true });
    client.on('notification', this.onNotification);
    client.on('error', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      this.client = client;
      // Events committed while no connection listened are announced by this one wake-up.
      this.onNotification();
    } catch {
      await client.end().catch(() => undefined);
      this.retryLater();
    }
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.reconcile();
    }, this.reconnectDelayMs);
    // Subscribers poll anyway; a pending reconnect alone must not keep the process alive.
    this.retryTimer.unref();
  }
}
