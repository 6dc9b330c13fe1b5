import { PROGRAMME_EVENTS, programmeDecider, type Phase, type ProgrammeEvent, type ProgrammeState } from '#domain';
import { streamReadModel } from '../streams/stream-read-model.js';

/** A programme at one point of world time; keys in a fixed order, so that equal snapshots serialise equally. */
export interface ProgrammeSnapshot {
  readonly name: string;
  /** World time of the (corrected) registration. */
  readonly registeredAt: string;
  /** In the order of their start. */
  readonly phases: readonly Phase[];
}

export function programmeSnapshot(state: ProgrammeState, registeredAt: string): ProgrammeSnapshot | undefined {
  if (!state.exists) return undefined;
  const phases = state.phases.map(({ id, kind, title, startsOn, plannedEnd, endedOn }) => ({ id, kind, title, startsOn, plannedEnd, endedOn }));
  return { name: state.name, registeredAt, phases };
}

/** Programmes with their phases, at any world time as known at any system time. */
export const programmesReadModel = streamReadModel<ProgrammeEvent, ProgrammeState, ProgrammeSnapshot>({
  name: 'programmes',
  // 2: rebuilt after the timeline took its tail from unordered rows (rows of earlier versions may overlap).
  version: 2,
  prefix: 'programme',
  decider: programmeDecider,
  events: PROGRAMME_EVENTS.events,
  snapshotOf: programmeSnapshot,
  columns: [{ name: 'name', value: (programme) => programme.name }],
});
