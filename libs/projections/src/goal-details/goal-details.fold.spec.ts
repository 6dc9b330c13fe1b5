import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { isGoalEvent } from '../goal-events.js';
import { evolveTrackedGoal, goalDetailsOf, type TrackedGoal } from './goal-details.fold.js';

const goalId = '7b3c1e52-4d1a-4f0e-9a55-2f1d8c6b9e01';

function recorded(revision: number, type: string, data: Record<string, unknown>, stream = `goal-${goalId}`): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-${String(revision + 1).padStart(12, '0')}`,
    stream,
    revision,
    position: 40 + revision * 7,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: 'fachkraft-kreis-warendorf',
      correlationId: `10000000-0000-4000-8000-${String(revision + 1).padStart(12, '0')}`,
      causationId: null,
      occurredAt: `2013-0${revision + 1}-15T00:00:00.000Z`,
      recordedAt: `2024-03-0${revision + 1}T10:00:00.000Z`,
    },
  };
}

const formulated = recorded(0, 'GoalFormulated', {
  goalId,
  municipalityId: 'kreis-warendorf',
  phaseId: 'model',
  themeArea: 'uebergang-kita-schule',
  title: 'Übergang Kita–Schule begleiten',
  description: 'Jedes Kind wird beim Übergang begleitet',
  targetDate: null,
  source: 'Zielkonkretisierungswerkstatt',
});
const revised = recorded(1, 'GoalRevised', {
  goalId,
  changes: { title: 'Übergang Kita–Schule verbindlich begleiten', targetDate: '2015-09-30' },
  reason: 'Präzisiert in der Werkstatt',
});
const started = recorded(2, 'GoalStatusChanged', { goalId, from: 'agreed', to: 'in_progress', reason: 'Auftakt mit den Kitas' });

const track = (events: RecordedEvent[]) => events.reduce<TrackedGoal | undefined>((tracked, event) => evolveTrackedGoal(tracked, event), undefined);
const fold = (events: RecordedEvent[]) => {
  const tracked = track(events);
  return tracked && goalDetailsOf(tracked);
};

describe('goal details fold', () => {
  it('creates the document of a formulated goal as agreed', () => {
    expect(fold([formulated])).toEqual({
      id: goalId,
      municipalityId: 'kreis-warendorf',
      phaseId: 'model',
      themeArea: 'uebergang-kita-schule',
      title: 'Übergang Kita–Schule begleiten',
      description: 'Jedes Kind wird beim Übergang begleitet',
      targetDate: null,
      source: 'Zielkonkretisierungswerkstatt',
      status: 'agreed',
      formulatedAt: '2013-01-15T00:00:00.000Z',
      latestOccurredAt: '2013-01-15T00:00:00.000Z',
      updatedAt: '2024-03-01T10:00:00.000Z',
      revision: 0,
      position: 40,
    });
  });

  it('applies a revision to the revised fields only and keeps the formulation date', () => {
    expect(fold([formulated, revised])).toEqual({
      ...fold([formulated]),
      title: 'Übergang Kita–Schule verbindlich begleiten',
      targetDate: '2015-09-30',
      latestOccurredAt: '2013-02-15T00:00:00.000Z',
      updatedAt: '2024-03-02T10:00:00.000Z',
      revision: 1,
      position: 47,
    });
  });

  it('clears the target date when a revision sets it to null', () => {
    const cleared = recorded(2, 'GoalRevised', { goalId, changes: { targetDate: null }, reason: 'Kein festes Datum mehr' });
    expect(fold([formulated, revised, cleared])).toMatchObject({ targetDate: null, title: 'Übergang Kita–Schule verbindlich begleiten', revision: 2 });
  });

  it('takes the new status of a status change', () => {
    expect(fold([formulated, revised, started])).toMatchObject({
      status: 'in_progress',
      formulatedAt: '2013-01-15T00:00:00.000Z',
      latestOccurredAt: '2013-03-15T00:00:00.000Z',
      revision: 2,
      position: 54,
    });
  });

  it('ignores an event applied a second time and an older event delivered late', () => {
    const tracked = track([formulated, revised]);
    expect(evolveTrackedGoal(tracked, revised)).toBe(tracked);
    expect(evolveTrackedGoal(tracked, formulated)).toBe(tracked);
    expect(fold([formulated, revised, revised, started, started])).toEqual(fold([formulated, revised, started]));
  });

  it('ignores events that are not goal events', () => {
    const tracked = track([formulated]);
    const foreign = recorded(1, 'MunicipalityJoined', { municipalityId: 'kreis-unna' });
    expect(evolveTrackedGoal(tracked, foreign)).toBe(tracked);
    expect(evolveTrackedGoal(undefined, foreign)).toBeUndefined();
  });

  it('creates no document from a revision of a goal it never saw formulated', () => {
    expect(evolveTrackedGoal(undefined, revised)).toBeUndefined();
  });

  it('handles goal events of goal streams only', () => {
    expect([formulated, revised, started].every(isGoalEvent)).toBe(true);
    expect(isGoalEvent({ stream: 'municipality-kreis-unna', type: 'GoalFormulated' })).toBe(false);
    expect(isGoalEvent({ stream: `goal-${goalId}`, type: 'GoalCommentAdded' })).toBe(false);
  });
});
