import { effectiveHistory, eventOf, isCorrection, type Decider, type DomainCommand, type DomainEvent, type RecordedFact } from '#domain';
import { groupedBy } from './grouped-by.js';

/** The open end of an interval: later than any instant the log can hold. */
export const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/** What a view shows of a stream's state: plain JSON, built in a fixed key order. */
export type Snapshot = object;

/**
 * Turns a folded state into the snapshot a row stores, or undefined while the aggregate does not exist.
 * `createdAt` is the world time of the first (corrected) fact, e.g. when a goal was formulated.
 */
export type SnapshotOf<State> = (state: State, createdAt: string) => Snapshot | undefined;

/**
 * One row of a bitemporal table: the stream's state as it was in world time [validFrom, validTo), as it
 * was known in system time [recordedFrom, recordedTo). `validFrom` is the world time of the latest fact.
 */
export interface Version {
  readonly streamId: string;
  readonly snapshot: Snapshot;
  readonly validFrom: string;
  readonly validTo: string;
  readonly recordedFrom: string;
  readonly recordedTo: string;
}

/** What to write so the stored rows match the timeline. */
export interface TimelineChanges {
  readonly inserted: Version[];
  /** Stored open rows whose system time ends at `recordedTo`. */
  readonly closed: { readonly row: Version; readonly recordedTo: string }[];
  /** Stored rows known for no instant at all (closed at the instant they were recorded). */
  readonly deleted: Version[];
}

/**
 * All a timeline needs to fold facts appended at the end of world time: the folded state and the open row
 * that ends in the open future. Read models keep it between batches instead of reloading the whole history.
 */
export interface TimelineTail<State> {
  readonly revision: number;
  readonly state: State;
  readonly lastOccurredAt: string;
  readonly createdAt: string | null;
  readonly row: Version;
}

/** Where a timeline starts: the stream's facts and stored open rows, or only its remembered tail. */
export type TimelineStart<State> = { readonly facts: RecordedFact[]; readonly stored: readonly Version[] } | { readonly tail: TimelineTail<State> };

type FactOrder = Pick<RecordedFact, 'revision' | 'type' | 'occurredAt'>;

/** Whether a fact is folded by appending at the end of world time (the open rows before the tail stay as they are). */
function appendsAtEnd(fact: FactOrder, lastOccurredAt: string): boolean {
  return !isCorrection(fact.type) && fact.occurredAt >= lastOccurredAt;
}

/** Whether every fact not folded yet appends at the end of world time, so a timeline can start from `tail`. */
export function resumesFrom(tail: TimelineTail<unknown>, facts: Iterable<FactOrder>): boolean {
  let lastOccurredAt = tail.lastOccurredAt;
  for (const fact of facts) {
    if (fact.revision <= tail.revision) continue;
    if (!appendsAtEnd(fact, lastOccurredAt)) return false;
    lastOccurredAt = fact.occurredAt;
  }
  return true;
}

interface Segment {
  readonly snapshot: Snapshot;
  /** The snapshot serialised (`keyOf`), once a segment is compared with one of the same interval. */
  key?: string;
  readonly validFrom: string;
  readonly validTo: string;
}

interface OpenRow {
  readonly segment: Segment;
  readonly row: Version;
  stored: boolean;
}

/**
 * The world timeline of one stream as currently known, kept in step with its stored rows. Each new fact
 * (recorded at R) closes, at R, the rows it makes untrue and adds rows from R on: an append at the end of
 * world time touches the last row only; a backdated fact or a correction rewrites the rows from its world
 * time on. Views then find the state as of A, known at K, with one indexed look-up.
 */
export class StreamTimeline<Event extends DomainEvent, State> {
  private open: OpenRow[];
  private last: State;
  private lastOccurredAt = '';
  private createdAt: string | null = null;
  /** The facts folded so far; from a tail, only those added since (`wholeHistory` false). */
  private readonly facts: RecordedFact[];
  private readonly wholeHistory: boolean;
  private readonly revisionBefore: number;
  private readonly pending = new Set<Version>();
  private closed: TimelineChanges['closed'] = [];
  private deleted: Version[] = [];

  /** From `facts` in revision order and the stream's rows still open in system time, or from a remembered tail. */
  constructor(
    private readonly decider: Pick<Decider<DomainCommand, Event, State>, 'evolve' | 'initialState'>,
    private readonly snapshotOf: SnapshotOf<State>,
    readonly streamId: string,
    start: TimelineStart<State>,
  ) {
    if ('tail' in start) {
      const { tail } = start;
      this.open = [{ segment: segmentOf(tail.row.snapshot, tail.row.validFrom, tail.row.validTo), row: tail.row, stored: true }];
      this.facts = [];
      this.wholeHistory = false;
      this.revisionBefore = tail.revision;
      this.last = tail.state;
      this.lastOccurredAt = tail.lastOccurredAt;
      this.createdAt = tail.createdAt;
      return;
    }
    // A database returns the open rows in no particular order; the fast path takes the last as the tail.
    this.open = start.stored.map((row) => ({ segment: segmentOf(row.snapshot, row.validFrom, row.validTo), row, stored: true })).sort(byValidFrom);
    this.facts = start.facts;
    this.wholeHistory = true;
    this.revisionBefore = -1;
    this.last = decider.initialState;
    this.foldHistory();
  }

  /** The stream revision of the last fact folded in (-1 before the first). */
  get revision(): number {
    return this.facts.at(-1)?.revision ?? this.revisionBefore;
  }

  /** What to remember to fold the next appended facts without the history; none while the stream has no rows. */
  tail(): TimelineTail<State> | undefined {
    const last = this.open.at(-1);
    if (!last?.stored) return undefined;
    return { revision: this.revision, state: this.last, lastOccurredAt: this.lastOccurredAt, createdAt: this.createdAt, row: last.row };
  }

  /** Folds the stream's next fact (its revision follows the last one). */
  add(fact: RecordedFact): void {
    const atEnd = this.open.length > 0 && appendsAtEnd(fact, this.lastOccurredAt);
    if (!atEnd && !this.wholeHistory) {
      // A batch decides before folding which streams can start from their tail (`resumesFrom`): a bug.
      throw new Error(`Stream ${this.streamId}: revision ${fact.revision} rewrites world time, but its timeline started from a tail`);
    }
    this.facts.push(fact);
    if (atEnd) this.appendAtEnd(fact);
    else this.replace(this.segments(), fact.recordedAt);
  }

  /** The row changes since the last call; afterwards every open row counts as stored. */
  takeChanges(): TimelineChanges {
    const changes = { inserted: [...this.pending], closed: this.closed, deleted: this.deleted };
    this.pending.clear();
    this.closed = [];
    this.deleted = [];
    for (const entry of this.open) entry.stored = true;
    return changes;
  }

  private appendAtEnd(fact: RecordedFact): void {
    this.last = this.decider.evolve(this.last, eventOf<Event>(fact));
    this.lastOccurredAt = fact.occurredAt;
    const snapshot = this.snapshotOf(this.last, this.createdAt ?? fact.occurredAt);
    const tail = this.open[this.open.length - 1];
    const kept = this.open.slice(0, -1).map((entry) => entry.segment);
    const before = tail.segment.validFrom === fact.occurredAt ? [] : [{ ...tail.segment, validTo: fact.occurredAt }];
    const next = snapshot ? [segmentOf(snapshot, fact.occurredAt, END_OF_TIME)] : [];
    this.replace([...kept, ...before, ...next], fact.recordedAt);
  }

  /** Makes `segments` the open timeline: rows that no longer hold are closed at `at`, new ones start at `at`. */
  private replace(segments: readonly Segment[], at: string): void {
    // Segments passed on unchanged (the fast path keeps all but the tail) are found by reference; the rest
    // are matched by interval and only then by content, which serialises the snapshots compared.
    const unchanged = new Set(segments);
    const open: OpenRow[] = [];
    const others: OpenRow[] = [];
    for (const entry of this.open) (unchanged.delete(entry.segment) ? open : others).push(entry);
    const wanted = groupedBy(unchanged, intervalOf);
    for (const entry of others) {
      const same = wanted.get(intervalOf(entry.segment)) ?? [];
      const match = same.findIndex((segment) => keyOf(segment) === keyOf(entry.segment));
      if (match < 0) {
        this.close(entry, at);
        continue;
      }
      same.splice(match, 1);
      open.push(entry);
    }
    for (const segment of [...wanted.values()].flat()) {
      const { snapshot, validFrom, validTo } = segment;
      const row = { streamId: this.streamId, snapshot, validFrom, validTo, recordedFrom: at, recordedTo: END_OF_TIME };
      this.pending.add(row);
      open.push({ segment, row, stored: false });
    }
    this.open = open.sort(byValidFrom);
  }

  private close(entry: OpenRow, at: string): void {
    if (!entry.stored) {
      this.pending.delete(entry.row);
      if (entry.row.recordedFrom !== at) this.pending.add({ ...entry.row, recordedTo: at });
    } else if (entry.row.recordedFrom === at) {
      this.deleted.push(entry.row);
    } else {
      this.closed.push({ row: entry.row, recordedTo: at });
    }
  }

  /** The state the fast path folds on, from the (corrected) facts; no snapshots are built for it. */
  private foldHistory(): void {
    const history = effectiveHistory(this.facts);
    this.createdAt = history[0]?.occurredAt ?? null;
    this.last = history.reduce((state, fact) => this.decider.evolve(state, eventOf<Event>(fact)), this.decider.initialState);
    this.lastOccurredAt = history.at(-1)?.occurredAt ?? '';
  }

  /** The whole world timeline from the (corrected) facts; also resets the state the fast path folds on. */
  private segments(): Segment[] {
    const segments: Segment[] = [];
    let state = this.decider.initialState;
    const history = effectiveHistory(this.facts);
    this.createdAt = history[0]?.occurredAt ?? null;
    for (const fact of history) {
      state = this.decider.evolve(state, eventOf<Event>(fact));
      const previous = segments.at(-1);
      if (previous?.validFrom === fact.occurredAt) segments.pop();
      else if (previous) segments[segments.length - 1] = { ...previous, validTo: fact.occurredAt };
      const snapshot = this.snapshotOf(state, this.createdAt ?? fact.occurredAt);
      if (snapshot) segments.push(segmentOf(snapshot, fact.occurredAt, END_OF_TIME));
    }
    this.last = state;
    this.lastOccurredAt = history.at(-1)?.occurredAt ?? '';
    return segments;
  }
}

function segmentOf(snapshot: Snapshot, validFrom: string, validTo: string): Segment {
  return { snapshot, validFrom, validTo };
}

function keyOf(segment: Segment): string {
  return (segment.key ??= JSON.stringify(segment.snapshot));
}

const intervalOf = (segment: Segment): string => `${segment.validFrom}|${segment.validTo}`;

const byValidFrom = (a: OpenRow, b: OpenRow): number => (a.segment.validFrom < b.segment.validFrom ? -1 : 1);
