import { effectiveHistory, eventOf, evolveGoal, initialGoalState, isCorrection, type GoalEvent, type GoalState, type GoalStatus, type RecordedFact } from '#domain';

/** The open end of an interval: later than any instant the log can hold. */
export const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/** What a goal looks like at one point of world time (the columns lists filter and sort on). */
export interface GoalSnapshot {
  readonly municipalityId: string;
  readonly phaseId: string;
  readonly themeArea: string;
  readonly title: string;
  readonly description: string;
  readonly targetDate: string | null;
  readonly source: string | null;
  readonly status: GoalStatus;
  /** World time of the (corrected) formulation. */
  readonly formulatedAt: string;
}

/**
 * One row of the bitemporal table: the goal as it was in world time [validFrom, validTo), as it was known
 * in system time [recordedFrom, recordedTo). `validFrom` is the world time of the latest fact folded in.
 */
export interface GoalVersion {
  readonly goalId: string;
  readonly snapshot: GoalSnapshot;
  readonly validFrom: string;
  readonly validTo: string;
  readonly recordedFrom: string;
  readonly recordedTo: string;
}

/** What to write so the stored rows match the timeline: rows closed in system time, and new rows. */
export interface TimelineChanges {
  readonly inserted: GoalVersion[];
  /** Stored open rows whose system time ends at `recordedTo`. */
  readonly closed: { readonly row: GoalVersion; readonly recordedTo: string }[];
  /** Stored rows known for no instant at all (closed at the instant they were recorded). */
  readonly deleted: GoalVersion[];
}

interface Segment {
  readonly snapshot: GoalSnapshot;
  /** The same snapshot serialised, to compare segments cheaply. */
  readonly key: string;
  readonly validFrom: string;
  readonly validTo: string;
}

/**
 * The world timeline of one goal as currently known, kept in step with its stored rows. Each new fact
 * (recorded at R) closes, at R, the rows it makes untrue and adds rows from R on: an append at the end of
 * world time touches the last row only; a backdated fact or a correction rewrites the rows from its world
 * time on. Views then find the goal as of A, known at K, with one indexed look-up.
 */
export class GoalTimeline {
  private open: { segment: Segment; row: GoalVersion; stored: boolean }[];
  private last: GoalState;
  private lastOccurredAt = '';
  private formulatedAt: string | null = null;
  private readonly pending = new Map<GoalVersion, true>();
  private closed: TimelineChanges['closed'] = [];
  private deleted: GoalVersion[] = [];

  /** `facts` in revision order; `stored` the goal's rows still open in system time. */
  constructor(readonly goalId: string, private readonly facts: RecordedFact[], stored: readonly GoalVersion[]) {
    this.open = stored.map((row) => ({ segment: segmentOf(row), row, stored: true }));
    this.last = this.refold();
  }

  get revision(): number {
    return this.facts.length - 1;
  }

  /** Folds the goal's next fact (its stream revision follows the last one). */
  add(fact: RecordedFact): void {
    this.facts.push(fact);
    if (!isCorrection(fact.type) && fact.occurredAt >= this.lastOccurredAt && this.last.exists) {
      this.appendAtEnd(fact);
    } else {
      const segments = this.segments();
      this.replace(segments, fact.recordedAt);
    }
  }

  /** The row changes since the last call; afterwards every open row counts as stored. */
  takeChanges(): TimelineChanges {
    const changes = { inserted: [...this.pending.keys()], closed: this.closed, deleted: this.deleted };
    this.pending.clear();
    this.closed = [];
    this.deleted = [];
    for (const entry of this.open) entry.stored = true;
    return changes;
  }

  private appendAtEnd(fact: RecordedFact): void {
    const state = evolveGoal(this.last, eventOf<GoalEvent>(fact));
    this.last = state;
    this.lastOccurredAt = fact.occurredAt;
    if (fact.type === 'GoalFormulated') this.formulatedAt = fact.occurredAt;
    const next = this.snapshotSegment(state, fact.occurredAt, END_OF_TIME);
    const tail = this.open.at(-1);
    if (!tail) return this.replace([next], fact.recordedAt);
    const kept = this.open.slice(0, -1).map((entry) => entry.segment);
    const before = tail.segment.validFrom === fact.occurredAt ? [] : [{ ...tail.segment, validTo: fact.occurredAt }];
    this.replace([...kept, ...before, next], fact.recordedAt);
  }

  /** Makes `segments` the open timeline: rows that no longer hold are closed at `at`, new ones start at `at`. */
  private replace(segments: readonly Segment[], at: string): void {
    const wanted = new Map(segments.map((segment) => [identity(segment), segment]));
    const open: typeof this.open = [];
    for (const entry of this.open) {
      if (wanted.delete(identity(entry.segment))) open.push(entry);
      else this.close(entry, at);
    }
    for (const segment of wanted.values()) {
      const row = { goalId: this.goalId, snapshot: segment.snapshot, validFrom: segment.validFrom, validTo: segment.validTo, recordedFrom: at, recordedTo: END_OF_TIME };
      this.pending.set(row, true);
      open.push({ segment, row, stored: false });
    }
    this.open = open.sort((a, b) => (a.segment.validFrom < b.segment.validFrom ? -1 : 1));
  }

  private close(entry: (typeof this.open)[number], at: string): void {
    if (!entry.stored) {
      this.pending.delete(entry.row);
      if (entry.row.recordedFrom !== at) this.pending.set({ ...entry.row, recordedTo: at }, true);
    } else if (entry.row.recordedFrom === at) {
      this.deleted.push(entry.row);
    } else {
      this.closed.push({ row: entry.row, recordedTo: at });
    }
  }

  /** The whole world timeline from the (corrected) facts; also resets the fast path's state. */
  private segments(): Segment[] {
    const segments: Segment[] = [];
    let state = initialGoalState;
    this.formulatedAt = null;
    for (const fact of effectiveHistory(this.facts)) {
      state = evolveGoal(state, eventOf<GoalEvent>(fact));
      if (fact.type === 'GoalFormulated') this.formulatedAt = fact.occurredAt;
      if (!state.exists) continue;
      const previous = segments.at(-1);
      if (previous?.validFrom === fact.occurredAt) segments.pop();
      else if (previous) segments[segments.length - 1] = { ...previous, validTo: fact.occurredAt };
      segments.push(this.snapshotSegment(state, fact.occurredAt, END_OF_TIME));
    }
    this.last = state;
    this.lastOccurredAt = segments.at(-1)?.validFrom ?? '';
    return segments;
  }

  private refold(): GoalState {
    this.segments();
    return this.last;
  }

  private snapshotSegment(state: GoalState, validFrom: string, validTo: string): Segment {
    const snapshot = snapshotOf(state, this.formulatedAt ?? validFrom);
    return { snapshot, key: JSON.stringify(snapshot), validFrom, validTo };
  }
}

/** The columns of a goal state, in a fixed order (so that equal snapshots serialise equally). */
export function snapshotOf(state: GoalState, formulatedAt: string): GoalSnapshot {
  if (!state.exists) throw new Error('A goal that does not exist has no snapshot');
  const { municipalityId, phaseId, themeArea, title, description, targetDate, source, status } = state;
  return { municipalityId, phaseId, themeArea, title, description, targetDate, source, status, formulatedAt };
}

function segmentOf(row: GoalVersion): Segment {
  const snapshot = snapshotOf({ exists: true, id: row.goalId, latestOccurredAt: row.validFrom, ...row.snapshot }, row.snapshot.formulatedAt);
  return { snapshot, key: JSON.stringify(snapshot), validFrom: row.validFrom, validTo: row.validTo };
}

const identity = (segment: Segment): string => `${segment.validFrom}|${segment.validTo}|${segment.key}`;
