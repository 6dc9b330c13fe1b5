import { v4 as uuid } from 'uuid';
import {
  decideGoal,
  evolveGoal,
  goalStream,
  initialGoalState,
  toGoalEvent,
  type GoalChanges,
  type GoalCommand,
  type GoalEvent,
  type GoalStatus,
} from '#domain';
import type { AppendResult, EventStore, NewEvent } from '#event-store';
import { referencesFor } from './registry-states.js';

export const MUNICIPALITIES = ['kreis-warendorf', 'kreis-dueren', 'kreis-unna', 'stadt-hamm', 'kreis-soest'] as const;

const THEMES = ['uebergang-kita-schule', 'elternbildung', 'fruehe-hilfen', 'gesundheitsfoerderung'] as const;

/** What happens to a goal after it is formulated: revisions and status changes, in order. */
type Step = { revise: GoalChanges; reason: string } | { status: GoalStatus; reason: string };

const PATHS: readonly (readonly Step[])[] = [
  [
    { revise: { targetDate: '2015-09-30' }, reason: 'Zeitplan im Lenkungskreis abgestimmt' },
    { status: 'in_progress', reason: 'Auftaktveranstaltung mit den Kitas' },
    { revise: { title: 'Übergang Kita–Schule verbindlich begleiten' }, reason: 'Präzisiert in der Werkstatt' },
    { status: 'largely_implemented', reason: 'Kooperationsvereinbarungen unterzeichnet' },
    { status: 'in_progress', reason: 'Zwei Grundschulen sind ausgestiegen' },
    { status: 'implemented', reason: 'Alle Grundschulen wieder beteiligt' },
    { status: 'in_regular_practice', reason: 'Teil des Regelangebots' },
  ],
  [
    { status: 'on_hold', reason: 'Fachkraftstelle unbesetzt' },
    { status: 'in_progress', reason: 'Stelle wieder besetzt' },
    { revise: { description: 'Familienhebammen in allen Sozialräumen', targetDate: null }, reason: 'Kein festes Datum mehr' },
    { status: 'discontinued', reason: 'Förderung ausgelaufen' },
  ],
  [
    { status: 'implemented', reason: 'Bei der Quartalsprüfung bereits umgesetzt vorgefunden' },
    { revise: { title: 'Elterncafés in allen Familienzentren', description: 'Monatliche Elterncafés' }, reason: 'Umfang erweitert' },
  ],
];

/** The commands a workshop and later quarterly reviews would issue for one goal, in order. */
export function goalCommands(goalId: string, variant: number): GoalCommand[] {
  const municipalityId = MUNICIPALITIES[variant % MUNICIPALITIES.length];
  const now = new Date().toISOString();
  const occurredAt = (step: number) => new Date(Date.UTC(variant % 2 === 0 ? 2013 : 2016, step * 2, 1 + (variant % 27))).toISOString();
  const formulate: GoalCommand = {
    type: 'FormulateGoal',
    occurredAt: occurredAt(0),
    now,
    references: referencesFor(municipalityId),
    data: {
      goalId,
      programmeId: 'kekiz',
      municipalityId,
      phaseId: variant % 2 === 0 ? 'model' : 'rollout',
      themeArea: THEMES[variant % THEMES.length],
      title: `Ziel ${variant + 1} in ${municipalityId}`,
      description: 'Jedes Kind wird beim Übergang begleitet',
      targetDate: variant % 3 === 0 ? null : '2016-07-31',
      source: variant % 2 === 0 ? 'Zielkonkretisierungswerkstatt' : null,
      socialSpaceIds: [],
      parentGoalId: null,
    },
  };
  const steps = PATHS[variant % PATHS.length].map((step, i): GoalCommand => {
    const time = { occurredAt: occurredAt(i + 1), now };
    return 'revise' in step
      ? { type: 'ReviseGoal', ...time, data: { goalId, changes: step.revise, reason: step.reason } }
      : { type: 'ChangeGoalStatus', ...time, data: { goalId, to: step.status, reason: step.reason } };
  });
  return [formulate, ...steps];
}

export function toNewEvent(event: GoalEvent, actor: string, correlationId = uuid()): NewEvent {
  return {
    id: uuid(),
    type: event.type,
    data: event.data,
    metadata: { actor, correlationId, causationId: null, occurredAt: event.occurredAt },
  };
}

/** Handles a command as the API does: load the stream, decide, append at the revision read. */
export async function executeGoalCommand(store: EventStore, command: GoalCommand, actor: string): Promise<AppendResult> {
  const stream = goalStream(command.data.goalId);
  const recorded = await store.readStream(stream);
  const state = recorded
    .map((event) => toGoalEvent(event))
    .filter((event) => event !== undefined)
    .reduce(evolveGoal, initialGoalState);
  const events = decideGoal(command, state).map((event) => toNewEvent(event, actor));
  return store.append(stream, events, recorded.length === 0 ? 'no-stream' : recorded[recorded.length - 1].revision);
}

/** Runs every goal's commands, goals in parallel and each goal's commands in order. */
export async function recordGoals(store: EventStore, goalIds: readonly string[]): Promise<number> {
  const heads = await Promise.all(
    goalIds.map(async (goalId, variant) => {
      let position = 0;
      for (const command of goalCommands(goalId, variant)) {
        position = (await executeGoalCommand(store, command, `fachkraft-${MUNICIPALITIES[variant % MUNICIPALITIES.length]}`)).position;
      }
      return position;
    }),
  );
  return Math.max(...heads);
}
