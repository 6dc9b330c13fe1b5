import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  EVENT_CATALOGUE,
  effectiveHistory,
  GOAL_STATUSES,
  DomainError,
  decideCorrection,
  decideInWorldTime,
  goalDecider,
  stateAt,
  type DomainEvent,
  type GoalCommand,
  type GoalState,
  type RecordedFact,
} from '#domain';
import { referencesFor } from '../../../../tests/support/registry-states.js';
import { goalSnapshot } from '../goals/goal-snapshot.js';
import { END_OF_TIME, resumesFrom, StreamTimeline, type TimelineTail, type Version } from './stream-timeline.js';

const goalId = 'warendorf-netzwerk';
const day = (n: number) => new Date(Date.UTC(2012, 10, 1) + n * 86_400_000).toISOString();
const instant = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 1000).toISOString();

/** A step a client might take: a command at a world day, or a correction of some earlier revision. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), to: fc.constantFrom(...GOAL_STATUSES), day: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('revise' as const), title: fc.constantFrom('A', 'B', 'C'), day: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('retract' as const), revision: fc.nat(20) }),
  fc.record({ kind: fc.constant('move' as const), revision: fc.nat(20), day: fc.integer({ min: 0, max: 60 }) }),
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Runs the steps through the real deciders; refused steps are skipped, as a client would see a 409. */
function history(steps: readonly Step[], sameInstant: readonly boolean[]): RecordedFact[] {
  const facts: RecordedFact[] = [];
  let clock = 0;
  const record = (events: DomainEvent[]) => {
    for (const event of events) {
      if (!sameInstant[facts.length % sameInstant.length]) clock += 1;
      facts.push({ revision: facts.length, type: event.type, data: event.data as Record<string, unknown>, occurredAt: event.occurredAt, recordedAt: instant(clock) });
    }
  };
  const now = day(100);
  const definition = { goalId, programmeId: 'kekiz', municipalityId: 'kreis-warendorf', phaseId: 'model', themeArea: 'netzwerk', title: 'A', description: '', targetDate: null, source: null, socialSpaceIds: [], parentGoalId: null };
  record(decideInWorldTime(goalDecider, facts, { type: 'FormulateGoal', data: definition, occurredAt: day(10), now, references: referencesFor('kreis-warendorf') }));
  for (const s of steps) {
    try {
      if (s.kind === 'status' || s.kind === 'revise') {
        const command: GoalCommand =
          s.kind === 'status'
            ? { type: 'ChangeGoalStatus', data: { goalId, to: s.to, reason: 'r' }, occurredAt: day(s.day), now }
            : { type: 'ReviseGoal', data: { goalId, changes: { title: s.title }, reason: 'r' }, occurredAt: day(s.day), now };
        record(decideInWorldTime(goalDecider, facts, command));
      } else {
        const data = s.kind === 'retract' ? { revision: s.revision, reason: 'r', retract: true } : { revision: s.revision, reason: 'r', occurredAt: day(s.day) };
        record(decideCorrection(goalDecider, EVENT_CATALOGUE, facts, { type: 'CorrectEvent', now, data }));
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return facts;
}

/**
 * Applies facts in batches as the read models do: the table is keyed as the SQL tables are (a write to an
 * existing key replaces that row), and each batch starts either from the tail remembered after the last
 * batch (when `remember` says so and every fact of the batch appends at the end of world time), or from
 * the facts and the open rows, which a database returns in no particular order (here: the reverse of
 * valid time).
 */
function tableOf(facts: readonly RecordedFact[], batchEnds: readonly boolean[], remember: readonly boolean[]): { table: Version[]; resumed: number } {
  const table = new Map<string, Version>();
  const key = (row: Version) => `${row.recordedFrom}|${row.validFrom}`;
  let tail: TimelineTail<GoalState> | undefined;
  let resumed = 0;
  let start = 0;
  for (let i = 0; i < facts.length; i += 1) {
    if (i < facts.length - 1 && !batchEnds[i % batchEnds.length]) continue;
    const batch = facts.slice(start, i + 1);
    const open = [...table.values()].filter((row) => row.recordedTo === END_OF_TIME).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
    const fromTail = tail !== undefined && remember[i % remember.length] && resumesFrom(tail, batch) ? tail : undefined;
    if (fromTail) resumed += 1;
    const timeline = new StreamTimeline(goalDecider, goalSnapshot, goalId, fromTail ? { tail: fromTail } : { facts: facts.slice(0, start), stored: open });
    for (const fact of batch) timeline.add(fact);
    const { inserted, closed, deleted } = timeline.takeChanges();
    for (const row of deleted) table.delete(key(row));
    const written = [...inserted, ...closed.map(({ row, recordedTo }) => ({ ...row, recordedTo }))];
    // One upsert statement cannot write a key twice (PostgreSQL refuses, and a last write would win silently).
    expect(new Set(written.map(key)).size).toBe(written.length);
    for (const row of written) table.set(key(row), row);
    tail = timeline.tail();
    start = i + 1;
  }
  return { table: [...table.values()], resumed };
}

const lookUp = (table: readonly Version[], asOf: string, knownAt: string) =>
  table.filter((row) => row.validFrom <= asOf && asOf < row.validTo && row.recordedFrom <= knownAt && knownAt < row.recordedTo);

describe('a stream timeline (bitemporal rows), on goals', () => {
  it('answers every as-of/known-at look-up exactly as folding the corrected history would', () => {
    const seen = { backdated: 0, corrected: 0, resumed: 0 };
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 25 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
        (steps, sameInstant, batchEnds, remember) => {
          const facts = history(steps, sameInstant);
          if (facts.some((f, i) => i > 0 && f.occurredAt < facts[i - 1].occurredAt)) seen.backdated += 1;
          if (facts.some((f) => f.type.startsWith('Event'))) seen.corrected += 1;
          const { table, resumed } = tableOf(facts, batchEnds, remember);
          seen.resumed += resumed;
          const worldTimes = [day(0), ...facts.map((f) => f.occurredAt), day(61), END_OF_TIME.slice(0, 10) + 'T00:00:00.000Z'];
          const knownTimes = [instant(0), ...facts.map((f) => f.recordedAt), instant(10_000)];
          for (const asOf of worldTimes) {
            for (const knownAt of knownTimes) {
              const expected = stateAt(goalDecider, facts, asOf, knownAt);
              const rows = lookUp(table, asOf, knownAt);
              expect({ asOf, knownAt, rows: rows.length }).toEqual({ asOf, knownAt, rows: expected.exists ? 1 : 0 });
              if (expected.exists) {
                const known = facts.filter((f) => f.recordedAt <= knownAt);
                const formulatedAt = effectiveHistory(known).find((f) => f.type === 'GoalFormulated')?.occurredAt ?? '';
                expect(rows[0].snapshot).toEqual(goalSnapshot(expected, formulatedAt));
                expect(rows[0].validFrom).toBe(expected.latestOccurredAt);
              }
            }
          }
          expect(table.every((row) => row.recordedFrom < row.recordedTo && row.validFrom < row.validTo)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    // The property means little unless backdated facts and corrections really were exercised.
    expect(seen.backdated).toBeGreaterThan(30);
    expect(seen.corrected).toBeGreaterThan(30);
    expect(seen.resumed).toBeGreaterThan(30);
  });
});
