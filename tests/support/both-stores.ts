import { afterAll, beforeAll, describe } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startApp, temporaryDataDir } from './app.js';
import { httpOf, type Http } from './e2e-http.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from './postgres.js';

export type StoreKind = 'sqlite' | 'postgres';

/**
 * Declares the same e2e tests twice: on the embedded store, and on PostgreSQL with two API instances
 * sharing one schema (`http` alternates between them per request, `instances` gives each).
 */
export function onBothStores(body: (context: { http: Http; instances: readonly Http[]; store: StoreKind }) => void): void {
  describe('on the embedded store', () => {
    const data = temporaryDataDir();
    let app: INestApplication | undefined;
    beforeAll(async () => {
      app = await startApp({ dataDir: data.path });
    });
    afterAll(async () => {
      await app?.close();
      data.remove();
    });
    const http = httpOf(() => app as INestApplication);
    body({ http, instances: [http], store: 'sqlite' });
  });

  describePostgres('on PostgreSQL with two instances', () => {
    const schema = uniqueSchema('gl_e2e');
    const data = temporaryDataDir();
    const apps: INestApplication[] = [];
    const starting: Promise<INestApplication>[] = [];
    let ended = false;
    beforeAll(async () => {
      const config = { store: 'postgres' as const, databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path };
      for (const instance of [0, 1]) {
        if (ended) return;
        starting.push(startApp(config));
        apps[instance] = await starting[instance];
      }
    });
    afterAll(async () => {
      // An instance still starting when beforeAll ran out of time is closed as well, once it has started,
      // and none starts after it: left running, it would poll the dropped schema as long as the process lives.
      ended = true;
      const started = await Promise.allSettled(starting);
      await Promise.all(started.flatMap((start) => (start.status === 'fulfilled' ? [start.value.close()] : [])));
      await dropSchemas([schema]);
      data.remove();
    });
    const instances = [httpOf(() => apps[0]), httpOf(() => apps[1])];
    let turn = 0;
    const http: Http = () => instances[turn++ % 2]();
    body({ http, instances, store: 'postgres' });
  });
}
