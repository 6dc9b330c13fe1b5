import { EVENT_CATALOGUE } from '#domain';
import { CheckedEventStore, type EventStore } from '#event-store';
import { log, timed } from '../bench-kit.js';
import { appendsOfYear, YEARS, type WorldPlan } from './world.js';

/**
 * Records the world year by year through the checked store (every event validated against the catalogue,
 * as the API writes them), `concurrency` appends in flight: streams of one year are distinct, so they do
 * not conflict. The port stamps recordedAt, which therefore grows with the years.
 */
export async function fill(store: EventStore, plan: WorldPlan, concurrency: number): Promise<{ seconds: number; appends: number; events: number }> {
  const checked = new CheckedEventStore(store, EVENT_CATALOGUE);
  let appends = 0;
  let events = 0;
  const { seconds } = await timed(async () => {
    for (const year of YEARS) {
      const { seconds: yearSeconds } = await timed(async () => {
        const batch = appendsOfYear(plan, year);
        let next = 0;
        const worker = async () => {
          for (let i = next++; i < batch.length; i = next++) {
            const { stream, events: appended, expected } = batch[i];
            await checked.append(stream, appended, expected);
            events += appended.length;
          }
        };
        await Promise.all(Array.from({ length: concurrency }, worker));
        appends += batch.length;
      });
      log(`  ${year}: ${events.toLocaleString('en-US')} of ${plan.total.toLocaleString('en-US')} events (${yearSeconds.toFixed(1)} s)`);
    }
  });
  return { seconds, appends, events };
}
