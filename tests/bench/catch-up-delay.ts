import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SqliteEventStore } from '#event-store';
import { log, machine, timed } from './bench-kit.js';
import { fill } from './million/fill.js';
import { planWorld } from './million/world.js';
import { readModelsOf } from './read-models.js';

/**
 * How long requests wait while a read model catches up on the embedded store: the event loop's delay
 * (Node's `monitorEventLoopDelay`, sampled every 10 ms) while `goals` builds its first generation from
 * position 0 and then rebuilds in the shadow, on the programme's world of `CATCH_UP_EVENTS` events
 * (default 200,000). A delay is how late a timer fired: what a request arriving then would wait before
 * its first line runs. Prints one JSON line per round and pass.
 */
const events = Number(process.env.CATCH_UP_EVENTS ?? 200_000);
const rounds = Number(process.env.CATCH_UP_ROUNDS ?? 3);
const model = process.env.CATCH_UP_MODEL ?? 'goals';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-catch-up-'));
  const world = join(dir, 'world.sqlite');
  try {
    log(`filling ${events.toLocaleString('en-US')} events on ${JSON.stringify(machine())}`);
    const filling = await SqliteEventStore.open(world);
    // The fill is not what is measured: its commits skip the fsync.
    filling.database.pragma('synchronous = OFF');
    const filled = await fill(filling, planWorld(events), 1);
    await filling.close();
    for (let round = 1; round <= rounds; round++) {
      const file = join(dir, `round-${round}.sqlite`);
      copyFileSync(world, file);
      const store = await SqliteEventStore.open(file);
      const readModels = await readModelsOf(store);
      try {
        for (const pass of ['first generation', 'shadow rebuild']) {
          const delay = monitorEventLoopDelay({ resolution: 10 });
          delay.enable();
          const { seconds } = await timed(() => readModels.rebuild(model));
          delay.disable();
          const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e6);
          console.log(
            JSON.stringify({
              round,
              model,
              pass,
              eventsPerSecond: Math.round(filled.events / seconds),
              delayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
            }),
          );
        }
      } finally {
        await readModels.close();
        await store.close();
        for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
