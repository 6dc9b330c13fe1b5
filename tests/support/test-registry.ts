import { createHash } from 'node:crypto';
import { TEST_ADMIN_HEADERS } from './test-admin.js';

/** Sends one write; the registry is written through the public API like any client would. */
export type Post = (path: string, body: object, headers: Record<string, string>) => Promise<{ status: number; body: unknown }>;

export const TEST_PROGRAMME_ID = 'kekiz';
/** The municipalities most tests formulate goals for; others register their own with `registerTestMunicipality`. */
export const TEST_MUNICIPALITIES = ['kreis-warendorf', 'kreis-dueren', 'kreis-unna'];
const THEME_AREAS = ['netzwerk', 'kita', 'fruehe-hilfen', 'elternbildung', 'bildungsnetzwerk-muessingen-einen-milte'];
const SOCIAL_SPACES = [
  ['muessingen', 'Müssingen'],
  ['einen', 'Einen'],
  ['milte', 'Milte'],
];

/**
 * The registry goals of the tests refer to: the programme with its model phase (from 2012, planned to
 * September 2015, not closed, so goals of any later date are still accepted there) and roll-out phase
 * (from 2016), and municipalities enrolled in both with the theme areas and social spaces tests use.
 * Every write carries an Idempotency-Key derived from it, so seeding twice (or two instances seeding at
 * once) writes everything exactly once.
 */
/** Which programme and phase ids a registry uses; a suite may take ids of its own so that no other goal matches its filters. */
export interface TestProgramme {
  readonly programme: string;
  readonly model: string;
  readonly rollout: string;
}

export const TEST_PROGRAMME: TestProgramme = { programme: TEST_PROGRAMME_ID, model: 'model', rollout: 'rollout' };

export async function registerTestRegistry(post: Post, municipalities: readonly string[] = TEST_MUNICIPALITIES, ids: TestProgramme = TEST_PROGRAMME): Promise<void> {
  await write(post, '/v1/programmes', { id: ids.programme, name: 'Kein Kind zurücklassen! Kommunen in NRW beugen vor', occurredAt: '2011-12-01' });
  const phase = (id: string, kind: string, startsOn: string, plannedEnd?: string) => ({ id, kind, title: id, startsOn, ...(plannedEnd ? { plannedEnd } : {}), occurredAt: '2011-12-01' });
  await write(post, `/v1/programmes/${ids.programme}/phases`, phase(ids.model, 'model', '2012-01-01', '2015-09-30'));
  await write(post, `/v1/programmes/${ids.programme}/phases`, phase(ids.rollout, 'rollout', '2016-01-01'));
  for (const municipality of municipalities) await registerTestMunicipality(post, municipality, ids);
}

/** A municipality enrolled in both phases of the test programme, with the tests' theme areas and social spaces. */
export async function registerTestMunicipality(post: Post, id: string, ids: TestProgramme = TEST_PROGRAMME): Promise<void> {
  const base = `/v1/municipalities/${id}`;
  await write(post, '/v1/municipalities', { id, name: id, kind: 'Kreis', occurredAt: '2011-12-01' });
  for (const [space, name] of SOCIAL_SPACES) await write(post, `${base}/social-spaces`, { id: space, name, occurredAt: '2011-12-01' });
  for (const [phaseId, from] of [[ids.model, '2012-01-01'], [ids.rollout, '2016-01-01']]) {
    await write(post, `${base}/enrolments`, { programmeId: ids.programme, phaseId, from, occurredAt: '2011-12-01' });
    for (const theme of THEME_AREAS) {
      await write(post, `${base}/theme-areas`, { programmeId: ids.programme, phaseId, id: theme, title: theme, occurredAt: '2011-12-01' });
    }
  }
}

async function write(post: Post, path: string, body: object): Promise<void> {
  const key = `test-registry-${createHash('sha256').update(`${path}\n${JSON.stringify(body)}`).digest('hex').slice(0, 32)}`;
  const answer = await post(path, body, { 'Idempotency-Key': key });
  if (answer.status >= 300) throw new Error(`seeding the test registry: POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** Posts to a running API over HTTP (for the child-process suites). */
export const postToUrl =
  (url: string): Post =>
  async (path, body, headers) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...TEST_ADMIN_HEADERS, ...headers }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text };
  };
