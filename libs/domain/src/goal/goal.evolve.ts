import type { GoalEvent, GoalState } from './goal.types.js';

/** Folds one event into the goal's state. Unknown event types leave the state as it is. */
export function evolve(state: GoalState, event: GoalEvent): GoalState {
  switch (event.type) {
    case 'GoalFormulated': {
      const { goalId, ...definition } = event.data;
      return { exists: true, id: goalId, ...definition, status: 'agreed', latestOccurredAt: event.occurredAt };
    }
    case 'GoalRevised':
      if (!state.exists) return state;
      return { ...state, ...event.data.changes, latestOccurredAt: latest(state.latestOccurredAt, event.occurredAt) };
    case 'GoalStatusChanged':
      if (!state.exists) return state;
      return { ...state, status: event.data.to, latestOccurredAt: latest(state.latestOccurredAt, event.occurredAt) };
    case 'GoalCarriedOver':
      if (!state.exists) return state;
      return { ...state, phaseId: event.data.toPhaseId, themeArea: event.data.themeArea, latestOccurredAt: latest(state.latestOccurredAt, event.occurredAt) };
    default:
      return state;
  }
}

const latest = (a: string, b: string): string => (a > b ? a : b);
