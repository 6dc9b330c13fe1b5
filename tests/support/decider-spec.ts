import { expect } from '@jest/globals';

/**
 * Given/when/then for pure deciders: `given` past events, `when` a command, `then` the new events or
 * the code of the DomainError the command breaks.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState));
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenFailsWith(code: string, details?: Record<string, unknown>) {
              let failure: unknown;
              try {
                run();
              } catch (error) {
                failure = error;
              }
              expect(failure).toMatchObject({ name: 'DomainError', code, ...(details ? { details } : {}) });
            },
          };
        },
      };
    },
  };
}
