import { enrolmentOn, type Municipality } from '../municipality/municipality.types.js';
import { phaseOpenOn, type Programme } from '../programme/programme.types.js';
import { DomainError } from '../shared/domain-error.js';
import type { CarryOverGoal, FormulateGoal, Goal } from './goal.types.js';

type Problem = { field: string; message: string };

/**
 * A goal's references must hold on the day it is formulated: the programme exists, the phase is open,
 * the municipality is enrolled in it and has the theme area, the social spaces are the municipality's
 * and not retired, and a parent goal belongs to the same municipality and phase. Every violation is named.
 * (The goal tree has no cycles: a parent exists before its child, and a goal's parent never changes.)
 */
export function assertFormulationReferences({ data, references, occurredAt }: FormulateGoal): void {
  if (!references) throw new Error('FormulateGoal needs its references looked up');
  const day = occurredAt.slice(0, 10);
  const problems: Problem[] = [];
  const programme = references.programme.exists ? references.programme : undefined;
  if (!programme) problems.push({ field: 'programmeId', message: `programme ${data.programmeId} does not exist` });
  else problems.push(...phaseProblems(programme, data.phaseId, day, 'phaseId'));
  const municipality = references.municipality.exists ? references.municipality : undefined;
  if (!municipality) problems.push({ field: 'municipalityId', message: `municipality ${data.municipalityId} does not exist` });
  else {
    problems.push(...membershipProblems(municipality, data.programmeId ?? '', data.phaseId, data.themeArea, day, { municipality: 'municipalityId', themeArea: 'themeArea' }));
    data.socialSpaceIds.forEach((id, index) => {
      const space = municipality.socialSpaces.find((candidate) => candidate.id === id);
      if (!space) problems.push({ field: `socialSpaceIds.${index}`, message: `${municipality.name} has no social space ${id}` });
      else if (space.retiredOn !== null && space.retiredOn <= day) problems.push({ field: `socialSpaceIds.${index}`, message: `social space ${id} was retired on ${space.retiredOn}` });
    });
  }
  if (data.parentGoalId !== null) problems.push(...parentProblems(data.goalId, data.parentGoalId, data.municipalityId, data.phaseId, references.parent));
  if (problems.length > 0) throw invalid('goal-references-invalid', problems);
}

/** A carry-over goes to a later, open phase of the same programme, in which the municipality is enrolled and has the theme area. */
export function assertCarryOver(goal: Goal, { data, references, occurredAt }: CarryOverGoal): string {
  if (!references) throw new Error('CarryOverGoal needs its references looked up');
  const day = occurredAt.slice(0, 10);
  const themeArea = data.themeArea ?? goal.themeArea;
  const programme = references.programme.exists ? references.programme : undefined;
  const municipality = references.municipality.exists ? references.municipality : undefined;
  const problems: Problem[] = [];
  if (!programme || goal.programmeId === null) {
    problems.push({ field: 'toPhaseId', message: `goal ${goal.id} belongs to no registered programme` });
  } else {
    const current = programme.phases.find((phase) => phase.id === goal.phaseId);
    const target = programme.phases.find((phase) => phase.id === data.toPhaseId);
    if (target && current && target.startsOn <= current.startsOn) {
      problems.push({ field: 'toPhaseId', message: `phase ${data.toPhaseId} does not follow phase ${goal.phaseId}` });
    } else {
      problems.push(...phaseProblems(programme, data.toPhaseId, day, 'toPhaseId'));
    }
    if (municipality) {
      problems.push(...membershipProblems(municipality, goal.programmeId, data.toPhaseId, themeArea, day, { municipality: 'toPhaseId', themeArea: 'themeArea' }));
    }
  }
  if (problems.length > 0) throw invalid('carry-over-invalid', problems);
  return themeArea;
}

function phaseProblems(programme: Programme, phaseId: string, day: string, field: string): Problem[] {
  const phase = programme.phases.find((candidate) => candidate.id === phaseId);
  if (!phase) return [{ field, message: `programme ${programme.id} has no phase ${phaseId}` }];
  if (!phaseOpenOn(phase, day)) return [{ field, message: `phase ${phaseId} (${phase.startsOn} – ${phase.endedOn ?? 'open'}) takes no goals on ${day}` }];
  return [];
}

function membershipProblems(municipality: Municipality, programmeId: string, phaseId: string, themeArea: string, day: string, fields: { municipality: string; themeArea: string }): Problem[] {
  const problems: Problem[] = [];
  if (!enrolmentOn(municipality, programmeId, phaseId, day)) {
    problems.push({ field: fields.municipality, message: `${municipality.name} is not enrolled in phase ${phaseId} on ${day}` });
  }
  if (!municipality.themeAreas.some((t) => t.programmeId === programmeId && t.phaseId === phaseId && t.id === themeArea)) {
    problems.push({ field: fields.themeArea, message: `${municipality.name} has no theme area ${themeArea} in phase ${phaseId}` });
  }
  return problems;
}

function parentProblems(goalId: string, parentId: string, municipalityId: string, phaseId: string, parent: Goal | { exists: false } | null): Problem[] {
  const field = 'parentGoalId';
  if (parentId === goalId) return [{ field, message: 'a goal cannot be its own parent' }];
  if (!parent?.exists) return [{ field, message: `goal ${parentId} does not exist` }];
  if (parent.municipalityId !== municipalityId || parent.phaseId !== phaseId) {
    return [{ field, message: `goal ${parentId} belongs to ${parent.municipalityId} in phase ${parent.phaseId}, not ${municipalityId} in ${phaseId}` }];
  }
  return [];
}

function invalid(code: string, errors: Problem[]): DomainError {
  return new DomainError(code, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}
