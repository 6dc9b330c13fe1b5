import type { Insertable, Selectable } from 'kysely';
import { goalDecider, goalIdOfStream, type GoalState } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { ReadModel } from '../read-model.js';
import { insertRows, upsertRows } from '../store/sql-helpers.js';
import { factRow as streamFactRow } from '../streams/stream-read-model.js';
import { foldIntoTimelines, type TimelineTables } from '../timeline/timeline-batch.js';
import { StreamTimeline, type TimelineStart, type Version } from '../timeline/stream-timeline.js';
import { goalSnapshot, type GoalSnapshot } from './goal-snapshot.js';
import { createGoalIndexes, createGoalTables, type GoalFactRow, type GoalTables, type GoalVersionRow } from './goals.tables.js';
import { isGoalStreamEvent } from './goal-stream-events.js';

/**
 * Goals as they were at any world time, as known at any system time: each goal's facts (its history) and
 * its bitemporal versions. A batch loads (or resumes from memory) the timelines of the goals it touches,
 * folds each new fact into them (an append at the end of world time closes one row and opens one or two;
 * a backdated fact or a correction rewrites the rows from its world time on) and writes the changed rows.
 */
export const goalsReadModel: ReadModel<GoalTables> = {
  name: 'goals',
  // 2: rebuilt after the timeline took its tail from unordered rows (rows of earlier versions may overlap).
  // 3: the past-view indexes carry the intervals.
  version: 3,
  tables: ['goal_facts', 'goal_versions'],
  // Its timelines load a stream's rows only once the batch holding that stream is committed.
  foldsWhileCommitting: true,
  handles: isGoalStreamEvent,
  createTables: createGoalTables,
  createIndexes: createGoalIndexes,

  async apply(events, { db, memory, committed }) {
    const { folded, upserted, deletes } = await foldIntoTimelines(
      db,
      TABLES,
      { events, idOf: goalIdOf, memory, committed },
      (goalId, start: TimelineStart<GoalState>) => new StreamTimeline(goalDecider, goalSnapshot, goalId, start),
      (open: Selectable<GoalVersionRow>[]) => open.map(versionOf),
    );
    const facts = folded.map(factRow);
    return [...deletes, ...insertRows(db, 'goal_facts', facts), ...upsertRows(db, 'goal_versions', ['goal_id', 'recorded_from', 'valid_from'], upserted.map(versionRow))];
  },
};

const goalIdOf = (event: Pick<RecordedEvent, 'stream'>): string => goalIdOfStream(event.stream) ?? '';

const TABLES: TimelineTables = { facts: 'goal_facts', versions: 'goal_versions', idColumn: 'goal_id' };

/** The fact row of a goal event: a stream read model's, with the stream column named for goals. */
function factRow(event: RecordedEvent): Insertable<GoalFactRow> {
  const { stream_id: goalId, ...fact } = streamFactRow(goalIdOf(event), event);
  return { goal_id: goalId, ...fact };
}

function versionRow(version: Version): Insertable<GoalVersionRow> {
  const snapshot = version.snapshot as GoalSnapshot;
  return {
    goal_id: version.streamId,
    recorded_from: version.recordedFrom,
    recorded_to: version.recordedTo,
    valid_from: version.validFrom,
    valid_to: version.validTo,
    programme_id: snapshot.programmeId,
    municipality_id: snapshot.municipalityId,
    phase_id: snapshot.phaseId,
    theme_area: snapshot.themeArea,
    title: snapshot.title,
    description: snapshot.description,
    target_date: snapshot.targetDate,
    source: snapshot.source,
    social_space_ids: JSON.stringify(snapshot.socialSpaceIds),
    parent_goal_id: snapshot.parentGoalId,
    status: snapshot.status,
    formulated_at: snapshot.formulatedAt,
  };
}

/** A stored row as the timeline holds it; the snapshot is built in the order goalSnapshot builds it. */
export function versionOf(row: Selectable<GoalVersionRow>): Version {
  return {
    streamId: row.goal_id,
    snapshot: snapshotOf(row),
    validFrom: row.valid_from,
    validTo: row.valid_to,
    recordedFrom: row.recorded_from,
    recordedTo: row.recorded_to,
  };
}

export function snapshotOf(row: Selectable<GoalVersionRow>): GoalSnapshot {
  return {
    programmeId: row.programme_id,
    municipalityId: row.municipality_id,
    phaseId: row.phase_id,
    themeArea: row.theme_area,
    title: row.title,
    description: row.description,
    targetDate: row.target_date,
    source: row.source,
    socialSpaceIds: JSON.parse(row.social_space_ids) as string[],
    parentGoalId: row.parent_goal_id,
    status: row.status,
    formulatedAt: row.formulated_at,
  };
}

