import type { EventStore } from '#event-store';

/** What the lag needs of ProjectionsService.status(): a read model's name, checkpoint and lag in events. */
export interface ReadModelStatus {
  readonly name: string;
  readonly checkpoint: number;
  readonly lag: number;
}

export interface ReadModelLag {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
}

/**
 * Each read model's lag in events and in seconds of recording time: between the last event it applied
 * (or the first event of the log, when it applied none) and the head. Both times come from the log, so
 * the clocks of other instances do not enter the figure.
 */
export async function readModelLags(events: EventStore, statuses: readonly ReadModelStatus[]): Promise<ReadModelLag[]> {
  if (statuses.every((status) => status.lag === 0)) return statuses.map(({ name }) => ({ name, events: 0, seconds: 0 }));
  const head = await recordedAt(events, (await events.headPosition()) - 1);
  return Promise.all(
    statuses.map(async ({ name, checkpoint, lag }) => {
      if (lag === 0 || head === undefined) return { name, events: lag, seconds: 0 };
      // The event at the checkpoint is the first after checkpoint - 1 (positions may have gaps).
      const applied = await recordedAt(events, Math.max(0, checkpoint - 1));
      return { name, events: lag, seconds: applied === undefined ? 0 : Math.max(0, (head - applied) / 1000) };
    }),
  );
}

/** Recording time (ms since the epoch) of the first event after `position`. */
async function recordedAt(events: EventStore, position: number): Promise<number | undefined> {
  const [event] = await events.readAll({ after: position, limit: 1 });
  return event && Date.parse(event.metadata.recordedAt);
}
