import { effectiveHistory, fold, streamName, type Decider, type DomainCommand, type DomainEvent } from '#domain';
import type { StreamHistories } from './stream-histories.js';

/**
 * What a command's hook may read of other aggregates: their state as of a world time, as known now.
 * Reads go through the stream cache, so a registry consulted by many writes is read once.
 */
export class Lookup {
  constructor(private readonly histories: StreamHistories) {}

  async stateOf<Command extends DomainCommand, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamId: string,
    asOf: string,
  ): Promise<State> {
    const facts = await this.histories.load(streamName(decider.category, streamId));
    return fold(decider, effectiveHistory(facts).filter((fact) => fact.occurredAt <= asOf));
  }
}
