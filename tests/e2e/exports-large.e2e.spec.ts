import { beforeAll, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { v4 as uuid } from 'uuid';
import type { GoalCommand } from '#domain';
import type { SignedTreeHead } from '#integrity';
import { expectHeadCovering } from '../support/covering-head.js';
import { listAll, postWith, type GoalBody, type Http } from '../support/e2e-http.js';
import { headAtLeast } from '../support/events.js';
import { onBothFeedStores } from '../support/feed-apps.js';
import { executeGoalCommand } from '../support/goal-events.js';
import { referencesFor } from '../support/registry-states.js';
import { registerTestRegistry } from '../support/test-registry.js';

/**
 * Exports read the goals in pages of 200 while they stream: more than two pages of goals of one municipality
 * of the suite's own, written straight to the store (the command path's decisions, without HTTP), must come
 * out each exactly once, in order, across the page boundaries.
 */
const GOALS = 450;
/** Formulation days: three goals share each, so that a sort by formulatedAt has ties across page boundaries. */
const DAYS = 150;
const ACTOR = 'statistik@kreis-gross.nrw';

interface LargeGoal {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly formulatedAt: string;
  /** Set in progress after formulation (every seventh goal). */
  readonly started: boolean;
}

const pad = (n: number) => String(n).padStart(3, '0');

/** Goal `n`: text a CSV must quote (separators, quotes, a line break in some), German text intact. */
function largeGoal(n: number, suffix: string): LargeGoal {
  return {
    id: `large-${pad(n)}-${suffix}`,
    title: `Ziel ${pad(n)}: Übergänge Kita – Schule; „Brückenjahr“, "Elterncafé"`,
    description: n % 5 === 0 ? `Müssingen, Einen und Milte\nZeile ${n}` : `Frühe Hilfen ${n}`,
    formulatedAt: new Date(Date.UTC(2012, 9, 1 + (n % DAYS))).toISOString(),
    started: n % 7 === 0,
  };
}

function commandsOf(goal: LargeGoal, municipalityId: string): GoalCommand[] {
  const now = new Date().toISOString();
  const formulate: GoalCommand = {
    type: 'FormulateGoal',
    occurredAt: goal.formulatedAt,
    now,
    references: referencesFor(municipalityId),
    data: {
      goalId: goal.id,
      programmeId: 'kekiz',
      municipalityId,
      phaseId: 'model',
      themeArea: 'elternbildung',
      title: goal.title,
      description: goal.description,
      targetDate: '2015-09-30',
      source: 'Zielkonkretisierungswerkstatt',
      socialSpaceIds: [],
      parentGoalId: null,
    },
  };
  const start: GoalCommand = { type: 'ChangeGoalStatus', occurredAt: '2013-06-01T00:00:00.000Z', now, data: { goalId: goal.id, to: 'in_progress', reason: 'Auftakt, „gut“ besucht' } };
  return goal.started ? [formulate, start] : [formulate];
}

const csvRows = (text: string) => parse(text, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];

/** How a JSON value travels in a CSV cell (as in exports.e2e). */
const cell = (value: unknown): string => (value === null || value === undefined ? '' : Array.isArray(value) ? value.join('|') : String(value));

async function exportOf(http: Http, path: string, query: Record<string, string>) {
  const response = await http().get(path).query({ ...query, bom: 'true', separator: ';' }).buffer(true).expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
  const text = response.text;
  // One byte order mark, at the start: not one per page.
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.split('\uFEFF')).toHaveLength(2);
  return { text, rows: csvRows(text), logPosition: Number(response.headers['x-log-position']), treeHead: response.headers['x-tree-head'] as string };
}

onBothFeedStores({}, (suite) => {
  const municipalityId = `kreis-gross-${uuid().slice(0, 8)}`;
  const suffix = uuid().slice(0, 8);
  const goals = Array.from({ length: GOALS }, (_, n) => largeGoal(n, suffix));
  let last = 0;

  beforeAll(async () => {
    const [{ http, store }] = suite.instances();
    await registerTestRegistry(postWith(http), [municipalityId]);
    // Twenty goals at a time, each goal's commands in order.
    for (let from = 0; from < GOALS; from += 20) {
      const positions = await Promise.all(
        goals.slice(from, from + 20).map(async (goal) => {
          let position = 0;
          for (const command of commandsOf(goal, municipalityId)) position = (await executeGoalCommand(store, command, ACTOR)).position;
          return position;
        }),
      );
      last = Math.max(last, ...positions);
    }
    await headAtLeast(store, last);
  }, 120_000);

  const http = () => suite.instances()[suite.instances().length - 1].http;
  const byId = () => [...goals].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  it(`exports all ${GOALS} goals, more than two pages, each exactly once in id order, with a BOM`, async () => {
    const { text, rows, logPosition, treeHead } = await exportOf(http(), '/v1/exports/goals.csv', { municipalityId, minPosition: String(last) });
    expect(text.startsWith('\uFEFFid;programmeId;municipalityId;phaseId;themeArea;parentGoalId;title;description;')).toBe(true);
    const expected = byId();
    expect(rows).toHaveLength(GOALS);
    expect(rows.map((row) => row.id)).toEqual(expected.map((goal) => goal.id));
    expect(rows.map((row) => [row.title, row.description, row.formulatedAt, row.status, row.municipalityId])).toEqual(
      expected.map((goal) => [goal.title, goal.description, goal.formulatedAt, goal.started ? 'in_progress' : 'agreed', municipalityId]),
    );
    // The same goals, cell for cell, as the list shows them.
    const listed = await listAll(http(), { municipalityId, sort: 'id' });
    expect(rows).toEqual(listed.map((goal) => Object.fromEntries(Object.keys(rows[0]).map((column) => [column, cell(goal[column as keyof GoalBody])]))));
    // Built from every event up to the last goal event, and it says so.
    expect(logPosition).toBe(last);
    await expectHeadCovering(http(), JSON.parse(Buffer.from(treeHead, 'base64url').toString('utf8')) as SignedTreeHead, last);
  });

  it('keeps the order across page boundaries when the sort has ties: formulatedAt descending, then id descending', async () => {
    const { rows } = await exportOf(http(), '/v1/exports/goals.csv', { municipalityId, sort: '-formulatedAt', minPosition: String(last) });
    const expected = [...goals].sort((a, b) => (a.formulatedAt === b.formulatedAt ? (a.id < b.id ? 1 : -1) : a.formulatedAt < b.formulatedAt ? 1 : -1));
    expect(rows.map((row) => row.id)).toEqual(expected.map((goal) => goal.id));
    expect(new Set(rows.map((row) => row.id)).size).toBe(GOALS);
  });

  it(`exports the history of all ${GOALS} goals, goal by goal in id order, each event exactly once`, async () => {
    const { rows } = await exportOf(http(), '/v1/exports/goal-history.csv', { municipalityId, minPosition: String(last) });
    const expected = byId().flatMap((goal) => [
      [goal.id, '0', 'GoalFormulated', ACTOR, ''],
      ...(goal.started ? [[goal.id, '1', 'GoalStatusChanged', ACTOR, 'Auftakt, „gut“ besucht']] : []),
    ]);
    expect(rows.map((row) => [row.goalId, row.revision, row.type, row.actor, row.reason])).toEqual(expected);
    expect(new Set(rows.map((row) => row.eventId)).size).toBe(rows.length);
    expect(new Set(rows.map((row) => row.position)).size).toBe(rows.length);
  });
});
