import pg from 'pg';

/**
 * One LISTEN connection shared by all subscribers of a store, opened while at least one subscriber
 * exists. Notifications only shorten the wait: if the connection drops, subscribers still see new
 * events at their next poll, and the listener reconnects after a pause.
 */
export class PostgresNotificationListener {
  private users = 0;
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onNotification: () => void,
    private readonly reconnectDelayMs = 1000,
  ) {}

  retain(): void {
    this.users += 1;
    if (this.users === 1) this.connect();
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) void this.stop();
  }

  async stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): void {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', this.onNotification);
    client.on('error', () => this.reconnectLater(client));
    this.connecting = client
      .connect()
      .then(() => client.query(`LISTEN "${this.channel}"`))
      .then(() => {
        if (this.users === 0) return client.end();
        this.client = client;
        // Events committed while the listener was away are announced by this one wake-up.
        this.onNotification();
      })
      .catch(() => this.reconnectLater(client))
      .finally(() => {
        this.connecting = undefined;
      });
  }

  private reconnectLater(client: pg.Client): void {
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.users === 0 || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.users > 0 && !this.client) this.connect();
    }, this.reconnectDelayMs);
  }
}
