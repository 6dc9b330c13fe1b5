import type { EventStore, RecordedEvent } from '#event-store';
import { isSuccess, type SentWrite } from './write-load.js';

const PAGE = 1000;

/** The whole log, read straight from the store (not through the API), which is closed again afterwards. */
export async function readWholeLog(open: () => Promise<EventStore>): Promise<RecordedEvent[]> {
  const store = await open();
  try {
    const log: RecordedEvent[] = [];
    for (;;) {
      const page = await store.readAll({ after: log.at(-1)?.position ?? 0, limit: PAGE });
      log.push(...page);
      if (page.length < PAGE) return log;
    }
  } finally {
    await store.close();
  }
}

/** The log's events per Idempotency-Key. */
export function eventsByKey(log: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byKey = new Map<string, RecordedEvent[]>();
  for (const event of log) {
    const key = event.metadata.idempotencyKey ?? `(no key) ${event.id}`;
    byKey.set(key, [...(byKey.get(key) ?? []), event]);
  }
  return byKey;
}

/**
 * Everything in the log that contradicts what the clients were told, as readable findings (none when
 * all is well): an acknowledged write missing, doubled, or not at the revision and position it was
 * answered with; a write in any state with more than its one event; an event unlike its request (a
 * status change whose `from` is not the status its client knew is a lost update); an event nobody
 * sent; a stream whose revisions have a gap.
 */
export function auditLog(log: readonly RecordedEvent[], writes: readonly SentWrite[]): string[] {
  // The load writes goals; the registry its goals refer to was written before it started.
  const byKey = eventsByKey(log.filter((event) => event.stream.startsWith('goal-')));
  const before = statusesBefore(log);
  const findings: string[] = [];
  for (const write of writes) {
    const events = byKey.get(write.key) ?? [];
    byKey.delete(write.key);
    const acknowledged = write.answer !== undefined && isSuccess(write.answer);
    if (events.length > 1 || (acknowledged && events.length === 0)) {
      findings.push(`${write.key} (${state(write)}) has ${events.length} events in the log`);
    }
    for (const event of events) findings.push(...mismatches(write, event, before));
    if (acknowledged && events.length === 1 && write.answer) {
      const { revision, position } = write.answer.body;
      if (events[0].revision !== revision || events[0].position !== position) {
        findings.push(`${write.key} was answered with revision ${revision} at ${position}, but is at ${events[0].revision} at ${events[0].position}`);
      }
    }
  }
  for (const [key, events] of byKey) findings.push(`${key}: ${events.length} events no client sent, e.g. ${JSON.stringify(events[0])}`);
  findings.push(...streamGaps(log));
  return findings;
}

function state(write: SentWrite): string {
  if (write.answer) return `answered ${write.answer.status}`;
  return write.lost ? 'lost in the crash' : 'in flight';
}

function mismatches(write: SentWrite, event: RecordedEvent, before: ReadonlyMap<string, string>): string[] {
  const expected = { stream: `goal-${write.goalId}`, type: write.event.type, actor: write.actor, ...write.event.data };
  const data = { ...event.data, ...(before.has(event.id) ? { from: before.get(event.id) } : {}) };
  const actual = { stream: event.stream, type: event.type, actor: event.metadata.actor, ...pick(data, Object.keys(write.event.data)) };
  return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${write.key}: expected ${JSON.stringify(expected)}, logged ${JSON.stringify(actual)}`];
}

function pick(data: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, data[field]]));
}

function streamGaps(log: readonly RecordedEvent[]): string[] {
  const revisions = new Map<string, number[]>();
  for (const event of log) revisions.set(event.stream, [...(revisions.get(event.stream) ?? []), event.revision]);
  return [...revisions]
    .filter(([, seen]) => seen.some((revision, i) => revision !== i))
    .map(([stream, seen]) => `${stream} has revisions ${seen.join(',')} in position order`);
}

/**
 * The status each status change changed from, by event id: a status change records only where it went
 * (its schema no longer records where it came from), so the fold of its stream tells. The streams of
 * these tests are never backdated, so revision order is world-time order.
 */
export function statusesBefore(log: readonly RecordedEvent[]): Map<string, string> {
  const current = new Map<string, string>();
  const before = new Map<string, string>();
  for (const event of log) {
    if (event.type === 'GoalFormulated') current.set(event.stream, 'agreed');
    if (event.type !== 'GoalStatusChanged') continue;
    before.set(event.id, current.get(event.stream) ?? 'agreed');
    current.set(event.stream, String(event.data.to));
  }
  return before;
}
