import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SqliteEventStore, WrongExpectedRevisionError, type NewEvent } from '#event-store';
import { InstrumentedEventStore } from './instrumented-event-store.js';
import { Metrics } from './metrics.js';

const event = (id: string, type = 'GoalFormulated'): NewEvent => ({
  id,
  type,
  data: {},
  metadata: { actor: 'test', correlationId: 'c', causationId: null, occurredAt: '2013-01-01' },
});

async function value(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
  const wanted = Object.entries(labels);
  return metric.filter((v) => wanted.every(([key, label]) => v.labels[key] === label)).reduce((sum, v) => sum + v.value, 0);
}

describe('InstrumentedEventStore', () => {
  let metrics: Metrics;
  let store: InstrumentedEventStore;

  beforeEach(async () => {
    metrics = new Metrics();
    store = new InstrumentedEventStore(await SqliteEventStore.open(':memory:'), metrics, 'sqlite');
  });
  afterEach(() => store.close());

  it('counts appended events by type and times each append by store', async () => {
    await store.append('goal-1', [event('00000000-0000-4000-8000-000000000001'), event('00000000-0000-4000-8000-000000000002', 'GoalRevised')], 'no-stream');
    expect(await value(metrics, 'goal_ledger_events_appended_total', { type: 'GoalFormulated' })).toBe(1);
    expect(await value(metrics, 'goal_ledger_events_appended_total', { type: 'GoalRevised' })).toBe(1);
    const durations = (await metrics.appendDuration.get()).values;
    expect(durations.find((v) => v.metricName === 'goal_ledger_append_duration_seconds_count')).toMatchObject({ labels: { store: 'sqlite' }, value: 1 });
  });

  it('does not count a retried append that the store recognised as already stored', async () => {
    const first = event('00000000-0000-4000-8000-000000000003');
    await store.append('goal-2', [first], 'no-stream');
    const retried = await store.append('goal-2', [first], 'no-stream');
    expect(retried.duplicate).toBe(true);
    expect(await value(metrics, 'goal_ledger_events_appended_total')).toBe(1);
  });

  it('counts a conflict when the stream is not at the expected revision, and passes the error on', async () => {
    await store.append('goal-3', [event('00000000-0000-4000-8000-000000000004')], 'no-stream');
    await expect(store.append('goal-3', [event('00000000-0000-4000-8000-000000000005')], 'no-stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await value(metrics, 'goal_ledger_append_conflicts_total', { store: 'sqlite' })).toBe(1);
    expect(await value(metrics, 'goal_ledger_events_appended_total')).toBe(1);
  });

  it('counts a subscription that ended with an error, not one that was closed', async () => {
    await store.append('goal-4', [event('00000000-0000-4000-8000-000000000006')], 'no-stream');
    const failing = store.subscribe({ after: 0, onEvents: () => Promise.reject(new Error('fold failed')) });
    await expect(failing.done).rejects.toThrow('fold failed');
    const closed = store.subscribe({ after: 0, onEvents: () => undefined });
    await closed.close();
    expect(await value(metrics, 'goal_ledger_subscription_reconnects_total')).toBe(1);
  });
});
