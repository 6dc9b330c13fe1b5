import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { openSqlite, type RecordedEvent } from '#event-store';
import { verifyBundle } from '#integrity';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { APP_CONFIG } from '../../apps/api/src/storage/storage.module.js';
import { headAtLeast, newEvents, streamName } from '../support/events.js';
import { onBothFeedStores, recordGoalsVisibly, type FeedSuite } from '../support/feed-apps.js';
import { bundleOf, storedLog, treeHolds } from '../support/integrity-http.js';
import { testDatabaseUrl } from '../support/postgres.js';

/** Runs statements on the log's own table behind the service's back, as someone with database access could. */
interface Backdoor {
  /** `?` placeholders on both dialects. */
  run(statement: string, ...parameters: unknown[]): Promise<void>;
  /** The dialect's statement to set the actor in an event's stored metadata. */
  readonly changeActor: string;
  close(): Promise<void>;
}

async function backdoor(suite: FeedSuite): Promise<Backdoor> {
  const config = suite.instances()[0].app.get<AppConfig>(APP_CONFIG);
  if (suite.kind === 'sqlite') {
    // The driver build that loads on this Node.js (see sqlite-driver.ts), as the service itself opens it.
    const db = openSqlite(join(config.dataDir, 'goal-ledger.sqlite'));
    db.pragma('busy_timeout = 5000');
    return {
      run: async (statement, ...parameters) => void db.prepare(statement).run(...parameters),
      changeActor: `UPDATE events SET metadata = json_set(metadata, '$.actor', 'mallory') WHERE position = ?`,
      close: async () => {
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  await client.query(`SET search_path TO ${config.postgresSchema}`);
  return {
    run: async (statement, ...parameters) => {
      let n = 0;
      await client.query(statement.replace(/\?/g, () => `$${++n}`), parameters);
    },
    changeActor: `UPDATE events SET metadata = jsonb_set(metadata::jsonb, '{actor}', '"mallory"')::json WHERE position = ?`,
    close: () => client.end(),
  };
}

interface Report {
  ok: boolean;
  firstMismatch?: { index: number | null; position: number | null; reason: string };
}

onBothFeedStores({}, (suite) => {
  let log: RecordedEvent[];
  let db: Backdoor;

  beforeAll(async () => {
    const [instance] = suite.instances();
    await recordGoalsVisibly(instance.store, 4);
    const { position } = await instance.raw.append(streamName('tamper'), newEvents(20), 'no-stream');
    await headAtLeast(instance.store, position);
    for (const each of suite.instances()) await treeHolds(each, position);
    log = await storedLog(instance.raw);
    db = await backdoor(suite);
  });
  afterAll(() => db?.close());

  const verify = async () => Promise.all(suite.instances().map(async ({ http }) => (await http().get('/v1/integrity/verify').expect(200)).body as Report));

  /**
   * Keeps the rows `tamper` touches aside, tampers, and puts them back afterwards, so that each case starts
   * from an intact log (checked by a verify that passes).
   */
  async function tampered(positions: number[], tamper: () => Promise<void>): Promise<{ reports: Report[]; bundle: Awaited<ReturnType<typeof verifyBundle>> }> {
    const list = positions.map(() => '?').join(', ');
    await db.run(`CREATE TABLE tamper_saved AS SELECT * FROM events WHERE position IN (${list})`, ...positions);
    try {
      await tamper();
      const reports = await verify();
      const bundle = await verifyBundle((await bundleOf(suite.instances()[0].http)).lines);
      return { reports, bundle };
    } finally {
      await db.run('DELETE FROM events WHERE id IN (SELECT id FROM tamper_saved)');
      await db.run(`DELETE FROM events WHERE position IN (${list})`, ...positions);
      await db.run('INSERT INTO events SELECT * FROM tamper_saved');
      await db.run('DROP TABLE tamper_saved');
      expect(await verify()).toEqual(suite.instances().map(() => expect.objectContaining({ ok: true })));
    }
  }

  const at = (index: number, position: number) => ({ ok: false, firstMismatch: { index, position, reason: expect.any(String) } });

  describe('verify names the first event that no longer matches the tree', () => {
    it('when an event’s data was changed', async () => {
      const event = log[9];
      const { reports, bundle } = await tampered([event.position], () =>
        db.run('UPDATE events SET data = ? WHERE position = ?', JSON.stringify({ ...event.data, n: 999 }), event.position),
      );
      expect(reports).toEqual(suite.instances().map(() => at(9, event.position)));
      expect(bundle).toEqual(at(9, event.position));
    });

    it('when an event’s metadata was changed', async () => {
      const event = log[12];
      const { reports, bundle } = await tampered([event.position], () => db.run(db.changeActor, event.position));
      expect(reports).toEqual(suite.instances().map(() => at(12, event.position)));
      expect(bundle).toEqual(at(12, event.position));
    });

    it('when two events swapped their positions: at the earlier one, with the event now there', async () => {
      const [first, second] = [log[14], log[15]];
      const { reports, bundle } = await tampered([first.position, second.position], async () => {
        await db.run('UPDATE events SET position = -1 WHERE position = ?', first.position);
        await db.run('UPDATE events SET position = ? WHERE position = ?', first.position, second.position);
        await db.run('UPDATE events SET position = ? WHERE position = -1', second.position);
      });
      expect(reports).toEqual(suite.instances().map(() => at(14, first.position)));
      expect(bundle).toEqual(at(14, first.position));
    });

    it('when an event was deleted: at its index, with the event that moved into its place', async () => {
      const [deleted, next] = [log[17], log[18]];
      const { reports, bundle } = await tampered([deleted.position], () => db.run('DELETE FROM events WHERE position = ?', deleted.position));
      expect(reports).toEqual(suite.instances().map(() => at(17, next.position)));
      expect(bundle).toEqual(at(17, next.position));
    });

    it("when one of the tree's interior nodes was changed: at the first leaf under it, though every leaf matches", async () => {
      const projections = (await suite.instances()[0].http().get('/v1/admin/projections').expect(200)).body as { name: string; generation: number }[];
      const table = `merkle_nodes_g${projections.find((model) => model.name === 'merkle-tree')?.generation}`;
      await db.run(`CREATE TABLE tamper_nodes AS SELECT * FROM ${table} WHERE level = 2 AND idx = 1`);
      try {
        await db.run(`UPDATE ${table} SET hash = ? WHERE level = 2 AND idx = 1`, Buffer.alloc(32));
        expect(await verify()).toEqual(suite.instances().map(() => ({ ok: false, firstMismatch: { index: 4, position: null, reason: expect.stringContaining('level 2, index 1 (leaves 4–7)') } })));
      } finally {
        await db.run(`DELETE FROM ${table} WHERE level = 2 AND idx = 1`);
        await db.run(`INSERT INTO ${table} SELECT * FROM tamper_nodes`);
        await db.run('DROP TABLE tamper_nodes');
      }
      expect(await verify()).toEqual(suite.instances().map(() => expect.objectContaining({ ok: true })));
    });

    it('when the last event was deleted: where the log ends before the tree does', async () => {
      const last = log[log.length - 1];
      const { reports } = await tampered([last.position], () => db.run('DELETE FROM events WHERE position = ?', last.position));
      expect(reports).toEqual(suite.instances().map(() => ({ ok: false, firstMismatch: { index: log.length - 1, position: null, reason: expect.stringContaining('the log ends after') } })));
    });
  });
});
