import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import { issueApiKey, type IssuedKey } from '../support/access.js';
import { startApp, temporaryDataDir } from '../support/app.js';
import { enrolledMunicipality, expectProblem, goalBody, historyOf, logHead, type Http, type WriteBody } from '../support/e2e-http.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';
import { TEST_ADMIN_HEADERS } from '../support/test-admin.js';

/**
 * Access control with two API instances on one PostgreSQL schema (docs/access.md): what one instance
 * records about keys, every other one honours from the next request on, and the command path's scoping by
 * municipality and by caller holds where the state is shared. No default credentials: every request says
 * who sends it.
 */
describePostgres('access control across two API instances on one PostgreSQL', () => {
  const schema = uniqueSchema('gl_e2e_access');
  const data = temporaryDataDir();
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    const config = { store: 'postgres' as const, databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path };
    apps.push(await startApp(config, { asAdmin: false }), await startApp(config, { asAdmin: false, registry: false }));
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await dropSchemas([schema]);
    data.remove();
  });

  type Instance = 0 | 1;
  const NAMES = ['instance A', 'instance B'];
  /** Requests to one instance with the given credentials (the test admin's by default). */
  const on =
    (instance: Instance, headers: Readonly<Record<string, string>> = TEST_ADMIN_HEADERS): Http =>
    () =>
      request.agent(apps[instance].getHttpServer()).set(headers as Record<string, string>);
  const as = (instance: Instance, key: IssuedKey) => on(instance, key.headers);

  const expectUnauthenticated = (response: Response, detail: string) => {
    expect(expectProblem(response, 401, 'unauthenticated').detail).toBe(detail);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="goal-ledger"');
  };

  describe('a key revoked through one instance', () => {
    it.each([
      ['A', 'B', 0, 1],
      ['B', 'A', 1, 0],
    ] as const)('is refused with 401 from the very next request on the other one (revoked through instance %s, used on instance %s)', async (_via, _other, via, other) => {
      const key = await issueApiKey(on(via), { role: 'coordinator', name: `revoked through ${NAMES[via]}` });
      // Issued through one instance, the key works on the other at once: the key stream is read per request.
      await as(other, key)().get('/v1/goals').expect(200);
      await as(via, key)().get('/v1/goals').expect(200);

      await on(via)().post(`/v1/admin/api-keys/${key.id}/revoke`).send({ reason: 'Koordinierungsstelle gewechselt' }).expect(200);
      const head = await logHead(on(via));
      // The first request of any kind on the other instance after the revocation answered.
      expectUnauthenticated(await as(other, key)().post('/v1/goals').send(goalBody()), 'The API key is revoked');
      expectUnauthenticated(await as(other, key)().get('/v1/goals'), 'The API key is revoked');
      expectUnauthenticated(await as(via, key)().get('/v1/goals'), 'The API key is revoked');
      expect(await logHead(on(via))).toBe(head);
    });
  });

  describe("a municipality's editor", () => {
    const revision = { title: 'Netzwerk in vier Sozialräumen', reason: 'Quartalsgespräch 2016-Q2', occurredAt: '2016-06-20' };

    it("is refused with 403 writing a goal of another municipality on either instance, judged by the goal, and appends nothing", async () => {
      const [own, foreign] = [await enrolledMunicipality(on(0), 'kreis-own'), await enrolledMunicipality(on(1), 'kreis-foreign')];
      const editor = await issueApiKey(on(0), { role: 'municipality_editor', municipalityId: own });
      const theirs = goalBody({ municipalityId: foreign, phaseId: 'rollout', occurredAt: '2016-03-01' });
      await on(1)().post('/v1/goals').send(theirs).expect(201);

      const head = await logHead(on(0));
      const refused: [string, Response][] = [];
      for (const instance of [0, 1] as const) {
        const editorOn = as(instance, editor);
        const at = (what: string) => `${what} on ${NAMES[instance]}`;
        refused.push(
          [at('formulating a goal of the other municipality'), await editorOn().post('/v1/goals').send(goalBody({ municipalityId: foreign }))],
          [at("revising the other municipality's goal"), await editorOn().post(`/v1/goals/${theirs.id}/revisions`).send(revision)],
          [at("changing the status of the other municipality's goal"), await editorOn().post(`/v1/goals/${theirs.id}/status`).send({ status: 'in_progress', reason: 'Auftakt', occurredAt: '2016-04-01' })],
          // Formulating the existing foreign goal's id "for" its own municipality is judged by the goal in the log.
          [at("formulating the other municipality's goal id for its own municipality"), await editorOn().post('/v1/goals').send({ ...goalBody({ municipalityId: own }), id: theirs.id })],
          // A goal that does not exist gets the same answer, so the answer does not tell which ids exist.
          [at('revising a goal that does not exist'), await editorOn().post(`/v1/goals/unknown-${randomUUID()}/revisions`).send(revision)],
        );
      }
      expect(refused.map(([what, response]) => [what, response.status, (response.body as { type?: string }).type])).toEqual(
        refused.map(([what]) => [what, 403, 'urn:goal-ledger:problem:forbidden']),
      );
      for (const [, response] of refused) expectProblem(response, 403, 'forbidden');
      expect(await logHead(on(1))).toBe(head);
      expect((await historyOf(on(0), theirs.id)).map((entry) => entry.type)).toEqual(['GoalFormulated']);

      // The same key writes its own municipality's goals through either instance.
      const mine = goalBody({ municipalityId: own });
      await as(1, editor)().post('/v1/goals').send(mine).expect(201);
      await as(0, editor)().post(`/v1/goals/${mine.id}/revisions`).send(revision).expect(200);
      expect((await historyOf(on(1), mine.id)).map((entry) => entry.actor)).toEqual([editor.actor, editor.actor]);
    });
  });

  describe('an Idempotency-Key', () => {
    it('sent by another caller is a different request, on the same or the other instance, also at the same time', async () => {
      const { id: _assigned, ...body } = goalBody();
      const key = `shared-${randomUUID()}`;
      const [officeA, officeB, officeC] = [
        await issueApiKey(on(0), { role: 'coordinator', name: 'Koordinierungsstelle A' }),
        await issueApiKey(on(1), { role: 'coordinator', name: 'Koordinierungsstelle B' }),
        await issueApiKey(on(0), { role: 'coordinator', name: 'Koordinierungsstelle C' }),
      ];
      const send = (instance: Instance, caller: IssuedKey, idempotencyKey: string, sent: object) => as(instance, caller)().post('/v1/goals').set('Idempotency-Key', idempotencyKey).send(sent);

      const head = await logHead(on(0));
      const byA = await send(0, officeA, key, body);
      const byB = await send(1, officeB, key, body);
      // For C the key is new, so another body is no reuse of it.
      const byC = await send(1, officeC, key, { ...body, title: 'Frühe Hilfen vernetzen' });
      for (const response of [byA, byB, byC]) {
        expect(response.status).toBe(201);
        expect(response.headers['idempotent-replayed']).toBeUndefined();
      }
      const ids = [byA, byB, byC].map((response) => (response.body as WriteBody).id);
      expect(new Set(ids).size).toBe(3);
      expect(await logHead(on(1))).toBe(head + 3);
      for (const [id, caller] of [[ids[0], officeA], [ids[1], officeB], [ids[2], officeC]] as const) {
        expect((await historyOf(on(0), id)).map((entry) => entry.actor)).toEqual([caller.actor]);
      }

      // Each caller's own retry, through either instance, is still its first answer and appends nothing.
      for (const [caller, first] of [[officeA, byA], [officeB, byB]] as const) {
        for (const instance of [0, 1] as const) {
          const retry = await send(instance, caller, key, body);
          expect([retry.status, retry.body, retry.headers.etag, retry.headers['idempotent-replayed']]).toEqual([201, first.body, first.headers.etag, 'true']);
        }
      }
      // And a caller's own key with another request is still refused.
      expectProblem(await send(0, officeB, key, { ...body, title: 'Anders' }), 422, 'idempotency-key-reused');
      expect(await logHead(on(1))).toBe(head + 3);

      // Two callers sending one key at the same moment through different instances make two requests.
      const racing = `racing-${randomUUID()}`;
      const [first, second] = await Promise.all([send(0, officeA, racing, body), send(1, officeB, racing, body)]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect((first.body as WriteBody).id).not.toBe((second.body as WriteBody).id);
      expect((await historyOf(on(1), (first.body as WriteBody).id)).map((entry) => entry.actor)).toEqual([officeA.actor]);
      expect((await historyOf(on(0), (second.body as WriteBody).id)).map((entry) => entry.actor)).toEqual([officeB.actor]);
      expect(await logHead(on(0))).toBe(head + 5);
    });
  });
});
