import { programmeDecider, type ProgrammeCommand, type ProgrammeEvent, type ProgrammeState } from '#domain';
import type { Aggregate } from '../commands/aggregate.js';

/** Programmes on the command path: their rules involve no other aggregate; the registry is the coordinators'. */
export const PROGRAMME: Aggregate<ProgrammeCommand, ProgrammeEvent, ProgrammeState> = { decider: programmeDecider, writers: ['admin', 'coordinator'] };
