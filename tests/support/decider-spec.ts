import { expect } from '@jest/globals';
import { decideInWorldTime, type Decider, type DomainCommand, type DomainEvent, type Fact } from '#domain';

/** Past events of one stream, numbered by revision in the order given (their recording order). */
export function factsOf(events: readonly DomainEvent[]): Fact[] {
  return events.map((event, revision) => ({ revision, type: event.type, data: event.data as Record<string, unknown>, occurredAt: event.occurredAt }));
}

/**
 * Given/when/then for deciders, run the way the command path runs them (in world time, so a backdated
 * command is decided as of its `occurredAt`): `given` past events in recording order, `when` a command,
 * `then` the new events or the code (and details) of the DomainError the command breaks.
 */
export function deciderSpec<Command extends DomainCommand, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command) {
          const run = () => decideInWorldTime(decider, factsOf(events), command);
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenFailsWith(code: string, details?: Record<string, unknown>) {
              expect(run).toThrow(expect.objectContaining({ name: 'DomainError', code, ...(details ? { details: expect.objectContaining(details) } : {}) }));
            },
          };
        },
      };
    },
  };
}
