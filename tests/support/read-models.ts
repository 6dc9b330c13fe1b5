import type { RecordedEvent } from '#event-store';
import type { ApiClient } from './api-client.js';
import type { GoalModel } from './write-load.js';

interface GoalDetails {
  readonly id: string;
  readonly status: string;
  readonly title: string;
  readonly revision: number;
  readonly [field: string]: unknown;
}

interface HistoryEntry {
  readonly eventId: string;
  readonly [field: string]: unknown;
}

/** Everything a client can read about some goals: the list, each goal, each history. */
export interface ReadModels {
  readonly list: readonly GoalDetails[];
  readonly details: Readonly<Record<string, GoalDetails | string>>;
  readonly histories: Readonly<Record<string, readonly HistoryEntry[] | string>>;
}

export async function readModelsOf(api: ApiClient, goalIds: Iterable<string>): Promise<ReadModels> {
  const details: Record<string, GoalDetails | string> = {};
  const histories: Record<string, HistoryEntry[] | string> = {};
  for (const id of goalIds) {
    const goal = await api.get<GoalDetails>(`/v1/goals/${id}`);
    details[id] = goal.status === 200 ? withoutClock(goal.body) : `${goal.status} ${JSON.stringify(goal.body)}`;
    const history = await api.get<{ items: HistoryEntry[] }>(`/v1/goals/${id}/history?limit=500`);
    histories[id] = history.status === 200 ? history.body.items : `${history.status} ${JSON.stringify(history.body)}`;
  }
  return { list: await listAll(api), details, histories };
}

/** A current view names the instant it was asked at (asOf, knownAt), which differs between two reads of the same state. */
function withoutClock({ asOf: _asOf, knownAt: _knownAt, ...goal }: GoalDetails): GoalDetails {
  return goal as GoalDetails;
}

async function listAll(api: ApiClient): Promise<GoalDetails[]> {
  const items: GoalDetails[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await api.get<{ items: GoalDetails[]; nextCursor: string | null }>(`/v1/goals?limit=200${query}`);
    if (page.status !== 200) throw new Error(`GET /v1/goals: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return items;
}

/**
 * Where the read models disagree with what the clients were told or with the log: a goal's status, title
 * or revision, a history that is not the goal's stream, a list that is not the set of goals.
 */
export function readModelFindings(models: ReadModels, goals: Iterable<GoalModel>, log: readonly RecordedEvent[]): string[] {
  const findings: string[] = [];
  const known = [...goals];
  for (const goal of known) {
    const details = models.details[goal.id];
    const expected = { status: goal.status, title: goal.title, revision: goal.events - 1 };
    const shown = typeof details === 'string' ? details : { status: details.status, title: details.title, revision: details.revision };
    if (JSON.stringify(shown) !== JSON.stringify(expected)) findings.push(`${goal.id} shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`);
    const history = models.histories[goal.id];
    const stream = log.filter((event) => event.stream === `goal-${goal.id}`).map((event) => event.id);
    const listed = typeof history === 'string' ? history : history.map((entry) => entry.eventId);
    if (JSON.stringify(listed) !== JSON.stringify(stream)) findings.push(`history of ${goal.id} is ${JSON.stringify(listed)}, its stream ${JSON.stringify(stream)}`);
  }
  const listedIds = models.list.map((goal) => goal.id).sort();
  const goalIds = known.map((goal) => goal.id).sort();
  if (JSON.stringify(listedIds) !== JSON.stringify(goalIds)) findings.push(`the list shows ${listedIds.join(',')}, not ${goalIds.join(',')}`);
  return findings;
}
