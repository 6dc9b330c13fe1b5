import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { nextHistoryEntry, type FieldChange, type GoalHistoryEntry, type GoalHistoryHead } from './goal-history.fold.js';

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

/** Folds events the way the read model does: one entry per event the head does not cover yet. */
function fold(events: RecordedEvent[]): { entries: GoalHistoryEntry[]; head: GoalHistoryHead | undefined } {
  const entries: GoalHistoryEntry[] = [];
  let head: GoalHistoryHead | undefined;
  for (const event of events) {
    const next = nextHistoryEntry(head, event);
    if (!next) continue;
    entries.push(next.entry);
    head = next.head;
  }
  return { entries, head };
}
const byField = (changes: readonly FieldChange[]) => [...changes].sort((a, b) => a.field.localeCompare(b.field));

describe('goal history fold', () => {
  it('records the formulation with every field set, from null', () => {
    const { entries, head } = fold([formulated]);
    expect(head).toMatchObject({ revision: 0, state: { exists: true, id: goalId, status: 'agreed' } });
    expect(entries).toHaveLength(1);
    const { changes, ...entry } = entries[0];
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
    const entry = fold([formulated, revised]).entries[1];
    expect(entry).toMatchObject({ type: 'GoalRevised', revision: 1, position: 103, reason: 'Fördermittel bewilligt', actor: 'fachkraft-kreis-dueren' });
    expect(byField(entry.changes)).toEqual([
      { field: 'targetDate', from: '2016-07-31', to: null },
      { field: 'title', from: 'Familienhebammen einsetzen', to: 'Familienhebammen flächendeckend einsetzen' },
    ]);
  });

  it('records a status change with its reason, actor and correlation', () => {
    const { entries, head } = fold([formulated, revised, paused]);
    expect(entries[2]).toEqual({
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
    expect(head).toMatchObject({ revision: 2, state: { status: 'on_hold', title: 'Familienhebammen flächendeckend einsetzen', targetDate: null } });
  });

  it('adds entries in the order of the stream', () => {
    expect(fold([formulated, revised, paused]).entries.map((entry) => entry.eventId)).toEqual([formulated.id, revised.id, paused.id]);
  });

  it('adds no entry for an event applied a second time or an older event delivered late', () => {
    const { head } = fold([formulated, revised]);
    expect(nextHistoryEntry(head, revised)).toBeUndefined();
    expect(nextHistoryEntry(head, formulated)).toBeUndefined();
    expect(fold([formulated, formulated, revised, revised, paused])).toEqual(fold([formulated, revised, paused]));
  });

  it('adds no entry for an event that is not a goal event', () => {
    const { head } = fold([formulated]);
    const foreign = recorded(1, 'GoalCommentAdded', { goalId, text: 'Rückfrage' });
    expect(nextHistoryEntry(head, foreign)).toBeUndefined();
    expect(nextHistoryEntry(undefined, foreign)).toBeUndefined();
  });
});
