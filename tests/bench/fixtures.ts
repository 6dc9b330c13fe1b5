import { v7 as uuidv7 } from 'uuid';
import { GOAL_STATUSES, goalStream, type GoalEvent } from '#domain';
import type { NewEvent } from '#event-store';

const MUNICIPALITIES = ['kreis-warendorf', 'kreis-dueren', 'kreis-unna', 'stadt-dortmund', 'stadt-gelsenkirchen'];
const PROGRESS = GOAL_STATUSES.slice(1, 5);

/** Realistic event data for a goal: formulated, then alternating revisions and status steps. */
export function goalEvents(goalIndex: number, count: number): { stream: string; events: NewEvent[] } {
  const goalId = `bench-${goalIndex}-${uuidv7()}`;
  const municipality = MUNICIPALITIES[goalIndex % MUNICIPALITIES.length];
  const domainEvents: GoalEvent[] = [
    {
      type: 'GoalFormulated',
      data: {
        goalId,
        programmeId: 'kekiz',
        municipalityId: municipality,
        phaseId: goalIndex % 2 === 0 ? 'model' : 'rollout',
        themeArea: `themenfeld-${goalIndex % 4}`,
        title: `Ziel ${goalIndex}: Präventionskette im Sozialraum stärken`,
        description: 'Kitas, Schulen, Familienzentren und Beratungsstellen stimmen ihre Angebote im Sozialraum ab.',
        targetDate: '2015-09-30',
        source: 'Zielkonkretisierungs-Workshop Herbst 2012',
        socialSpaceIds: [],
        parentGoalId: null,
      },
      occurredAt: '2012-10-15T00:00:00.000Z',
    },
  ];
  for (let i = 1; i < count; i += 1) {
    const occurredAt = new Date(Date.UTC(2013, i * 3, 1)).toISOString();
    domainEvents.push(
      i % 2 === 1 || i / 2 > PROGRESS.length
        ? { type: 'GoalRevised', data: { goalId, changes: { description: `Fassung ${i} nach dem Quartalsgespräch` }, reason: `Quartalsgespräch ${i}` }, occurredAt }
        : {
            type: 'GoalStatusChanged',
            data: { goalId, to: PROGRESS[i / 2 - 1], reason: `Quartalsgespräch ${i}` },
            occurredAt,
          },
    );
  }
  return {
    stream: goalStream(goalId),
    events: domainEvents.map((event) => ({
      id: uuidv7(),
      type: event.type,
      data: event.data,
      metadata: { actor: 'bench', correlationId: uuidv7(), causationId: null, occurredAt: event.occurredAt },
    })),
  };
}

/** The row a raw baseline inserts: the same columns and JSON our adapters write. */
export function rawRow(event: NewEvent, stream: string, revision: number) {
  return [event.id, stream, revision, event.type, 1, JSON.stringify(event.data), JSON.stringify(event.metadata), new Date().toISOString()] as const;
}
