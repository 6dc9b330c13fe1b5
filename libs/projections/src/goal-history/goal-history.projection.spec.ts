import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { evolveGoalHistory, goalHistoryProjection, type FieldChange, type GoalHistory } from './goal-history.projection.js';

const goalId = '3f9a2c10-8b7e-4c21-b0d4-6e5f1a2b3c04';

function recorded(revision: number, type: string, data: Record<string, unknown>, actor = 'fachkraft-kreis-dueren'): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-${String(revision + 1).padStart(12, '0')}`,
    stream: `goal-${goalId}`,
    revision,
    position: 100 + revision * 3,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor,
      correlationId: `20000000-0000-4000-8000-${String(revision + 1).padStart(12, '0')}`,
      causationId: null,
      occurredAt: `2014-0${revision + 1}-01T00:00:00.000Z`,
      recordedAt: `2024-05-0${revision + 1}T08:30:00.000Z`,
    },
  };
}

const formulated = recorded(0, 'GoalFormulated', {
  goalId,
  municipalityId: 'kreis-dueren',
  phaseId: 'transfer',
  themeArea: 'fruehe-hilfen',
  title: 'Familienhebammen einsetzen',
  description: 'Familienhebammen in zwei Sozialräumen',
  targetDate: '2016-07-31',
  source: null,
});
// The description is sent unchanged: the history must list only what really changed.
const revised = recorded(1, 'GoalRevised', {
  goalId,
  changes: { title: 'Familienhebammen flächendeckend einsetzen', description: 'Familienhebammen in zwei Sozialräumen', targetDate: null },
  reason: 'Fördermittel bewilligt',
});
const paused = recorded(2, 'GoalStatusChanged', { goalId, from: 'agreed', to: 'on_hold', reason: 'Fachkraftstelle unbesetzt' }, 'koordination-kreis-dueren');

const fold = (events: RecordedEvent[]) => events.reduce<GoalHistory | undefined>((history, event) => evolveGoalHistory(history, event), undefined);
const byField = (changes: readonly FieldChange[]) => [...changes].sort((a, b) => a.field.localeCompare(b.field));

describe('goal history projection', () => {
  it('records the formulation with every field set, from null', () => {
    const history = fold([formulated]);
    expect(history).toMatchObject({ goalId, revision: 0, state: { exists: true, id: goalId, status: 'agreed' } });
    expect(history?.entries).toHaveLength(1);
    const { changes, ...entry } = history!.entries[0];
    expect(entry).toEqual({
      eventId: formulated.id,
      type: 'GoalFormulated',
      revision: 0,
      position: 100,
      occurredAt: '2014-01-01T00:00:00.000Z',
      recordedAt: '2024-05-01T08:30:00.000Z',
      actor: 'fachkraft-kreis-dueren',
      correlationId: formulated.metadata.correlationId,
      reason: null,
    });
    expect(byField(changes)).toEqual([
      { field: 'description', from: null, to: 'Familienhebammen in zwei Sozialräumen' },
      { field: 'municipalityId', from: null, to: 'kreis-dueren' },
      { field: 'phaseId', from: null, to: 'transfer' },
      { field: 'status', from: null, to: 'agreed' },
      { field: 'targetDate', from: null, to: '2016-07-31' },
      { field: 'themeArea', from: null, to: 'fruehe-hilfen' },
      { field: 'title', from: null, to: 'Familienhebammen einsetzen' },
    ]);
  });

  it('records only the fields a revision changed, with their old and new values, and its reason', () => {
    const entry = fold([formulated, revised])!.entries[1];
    expect(entry).toMatchObject({ type: 'GoalRevised', revision: 1, position: 103, reason: 'Fördermittel bewilligt', actor: 'fachkraft-kreis-dueren' });
    expect(byField(entry.changes)).toEqual([
      { field: 'targetDate', from: '2016-07-31', to: null },
      { field: 'title', from: 'Familienhebammen einsetzen', to: 'Familienhebammen flächendeckend einsetzen' },
    ]);
  });

  it('records a status change with its reason, actor and correlation', () => {
    const history = fold([formulated, revised, paused])!;
    expect(history.entries[2]).toEqual({
      eventId: paused.id,
      type: 'GoalStatusChanged',
      revision: 2,
      position: 106,
      occurredAt: '2014-03-01T00:00:00.000Z',
      recordedAt: '2024-05-03T08:30:00.000Z',
      actor: 'koordination-kreis-dueren',
      correlationId: paused.metadata.correlationId,
      reason: 'Fachkraftstelle unbesetzt',
      changes: [{ field: 'status', from: 'agreed', to: 'on_hold' }],
    });
    expect(history).toMatchObject({ revision: 2, state: { status: 'on_hold', title: 'Familienhebammen flächendeckend einsetzen', targetDate: null } });
  });

  it('keeps the entries in the order of the stream', () => {
    expect(fold([formulated, revised, paused])!.entries.map((entry) => entry.eventId)).toEqual([formulated.id, revised.id, paused.id]);
  });

  it('ignores an event applied a second time and an older event delivered late', () => {
    const history = fold([formulated, revised]);
    expect(evolveGoalHistory(history, revised)).toBe(history);
    expect(evolveGoalHistory(history, formulated)).toBe(history);
    expect(fold([formulated, formulated, revised, revised, paused])).toEqual(fold([formulated, revised, paused]));
  });

  it('ignores events that are not goal events', () => {
    const history = fold([formulated]);
    const foreign = recorded(1, 'GoalCommentAdded', { goalId, text: 'Rückfrage' });
    expect(evolveGoalHistory(history, foreign)).toBe(history);
    expect(evolveGoalHistory(undefined, foreign)).toBeUndefined();
  });

  it('keys goal events by goal id and leaves other streams out', () => {
    expect(goalHistoryProjection.keyOf(formulated)).toBe(goalId);
    expect(goalHistoryProjection.keyOf({ ...formulated, stream: 'municipality-kreis-dueren' })).toBeUndefined();
  });
});
