import type { GoalStatus } from '../goal/goal-status.js';
import type { GoalState } from '../goal/goal.types.js';
import type { MunicipalityState } from '../municipality/municipality.types.js';
import type { DomainCommand, DomainEvent } from '../shared/decider.js';

export const PROGRESS = ['on_track', 'delayed', 'at_risk', 'achieved'] as const;
export type Progress = (typeof PROGRESS)[number];

/** How far one goal had come, as the review found it. */
export interface Assessment {
  readonly goalId: string;
  readonly progress: Progress;
  readonly note: string;
  /** A status the review proposes; applied to the goal by a process manager, with the review as its cause. */
  readonly proposedStatus: GoalStatus | null;
}

export interface ReviewDefinition {
  /** `{municipalityId}-{quarter}`: one review per municipality and quarter. */
  readonly reviewId: string;
  readonly municipalityId: string;
  readonly quarter: string;
  readonly heldOn: string;
  readonly participants: readonly string[];
  readonly summary: string;
  readonly assessments: readonly Assessment[];
}

/** The assessed goals as they stood at the first and the last day of the quarter. */
export interface AssessedGoal {
  readonly atStart: GoalState;
  readonly atEnd: GoalState;
}

export interface HoldQuarterlyReview extends DomainCommand<'HoldQuarterlyReview'> {
  readonly data: ReviewDefinition;
  /** Looked up by the command path, as of the review's quarter. */
  readonly municipality?: MunicipalityState;
  readonly goals?: Readonly<Record<string, AssessedGoal>>;
}

/** The process manager could not apply a proposed status (e.g. the workflow forbids it): recorded for evaluators. */
export interface RecordDeclinedProposal extends DomainCommand<'RecordDeclinedProposal'> {
  readonly data: { readonly reviewId: string; readonly goalId: string; readonly proposedStatus: GoalStatus; readonly code: string; readonly message: string };
}

export type ReviewCommand = HoldQuarterlyReview | RecordDeclinedProposal;

export type QuarterlyReviewHeld = DomainEvent<'QuarterlyReviewHeld', ReviewDefinition>;
export type StatusProposalDeclined = DomainEvent<'StatusProposalDeclined', RecordDeclinedProposal['data']>;
export type ReviewEvent = QuarterlyReviewHeld | StatusProposalDeclined;

/** A proposal the process manager declined: which goal, to which status. */
export type DeclinedProposal = Pick<RecordDeclinedProposal['data'], 'goalId' | 'proposedStatus'>;

/**
 * A review not held (yet) keeps the declines folded before it: they were recorded for it, but dated at
 * its earlier day, before a correction moved it later.
 */
export type ReviewState =
  | { readonly exists: false; readonly declinedBefore: readonly DeclinedProposal[] }
  | ({ readonly exists: true; readonly declined: readonly string[] } & ReviewDefinition);

export const initialReviewState: ReviewState = { exists: false, declinedBefore: [] };

export const reviewIdOf = (municipalityId: string, quarter: string): string => `${municipalityId}-${quarter}`;
