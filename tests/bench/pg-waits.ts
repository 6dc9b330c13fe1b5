import pg from 'pg';

const INTERVAL_MS = 5;

/**
 * Samples what the database's busy backends wait on (pg_stat_activity) while a contender runs, so that a
 * ratio can be explained from the server's side: an advisory lock, a WAL flush, or running.
 */
export async function sampleWaits(url: string): Promise<{ stop(): Promise<Record<string, number>> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map<string, number>();
  let running = true;
  const sampling = (async () => {
    while (running) {
      const { rows } = await client.query<{ wait: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'running') AS wait FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      rows.forEach(({ wait }) => counts.set(wait, (counts.get(wait) ?? 0) + 1));
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await sampling;
      await client.end();
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      return Object.fromEntries([...counts].map(([wait, n]) => [`wait ${wait}`, n / total]));
    },
  };
}
