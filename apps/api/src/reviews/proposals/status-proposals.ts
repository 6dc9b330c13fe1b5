import { createHash } from 'node:crypto';
import { DomainError, REVIEW_CATEGORY, shortened, streamIdOf, type GoalStatus, type ReviewDefinition } from '#domain';
import type { RecordedEvent } from '#event-store';
import { systemIdentity } from '../../access/identity.js';
import type { WriteContext } from '../../http/write-context.js';

/** One status a review proposed for one goal, and the review event that proposed it. */
export interface StatusProposal {
  readonly reviewEventId: string;
  /** The review event's revision in its stream: whether a correction retracted it since. */
  readonly reviewRevision: number;
  readonly reviewId: string;
  readonly quarter: string;
  readonly heldOn: string;
  readonly goalId: string;
  readonly proposedStatus: GoalStatus;
  readonly note: string;
  /** World time of the review: the status changes on the day the review was held. */
  readonly occurredAt: string;
  readonly actor: string;
  readonly correlationId: string;
}

/** What became of a proposal: applied as a status change of the goal, or declined with the rule it broke. */
export type ProposalOutcome = { readonly outcome: 'applied' } | { readonly outcome: 'declined'; readonly code: string; readonly message: string };

export const isReviewHeld = (event: Pick<RecordedEvent, 'stream' | 'type'>): boolean =>
  event.type === 'QuarterlyReviewHeld' && streamIdOf(REVIEW_CATEGORY, event.stream) !== undefined;

/** The proposals a recorded QuarterlyReviewHeld makes, in the order of its assessments. */
export function proposalsOf(event: RecordedEvent): StatusProposal[] {
  const review = event.data as unknown as ReviewDefinition;
  return review.assessments.flatMap(({ goalId, proposedStatus, note }) =>
    proposedStatus === null
      ? []
      : [
          {
            reviewEventId: event.id,
            reviewRevision: event.revision,
            reviewId: review.reviewId,
            quarter: review.quarter,
            heldOn: review.heldOn,
            goalId,
            proposedStatus,
            note,
            occurredAt: event.metadata.occurredAt,
            actor: event.metadata.actor,
            correlationId: event.metadata.correlationId,
          },
        ],
  );
}

/** The longest reason a status change takes (see the GoalStatusChanged schema). */
const REASON_MAX = 2000;

/** The reason the status change records: which review proposed it, and its note on the goal. */
export function reasonOf(proposal: StatusProposal): string {
  const reason = `Proposed by the quarterly review ${proposal.reviewId} held on ${proposal.heldOn}${proposal.note === '' ? '' : `: ${proposal.note}`}`;
  return shortened(reason, REASON_MAX);
}

/**
 * The write context of a proposal's command: on behalf of the review's actor, in the review's correlation,
 * caused by the review event, with an Idempotency-Key derived from the review event and the goal. The
 * command path derives the event ids from actor and key, so a retry after a crash finds the first write
 * instead of writing again. The fingerprint covers only what never changes between retries.
 */
export function proposalContext(proposal: StatusProposal, step: 'apply' | 'decline'): WriteContext {
  const idempotencyKey = `review-proposal:${step}:${proposal.reviewEventId}:${proposal.goalId}`;
  const fingerprint = createHash('sha256').update(`${idempotencyKey}\n${proposal.proposedStatus}`).digest('base64url');
  return { identity: systemIdentity(proposal.actor), correlationId: proposal.correlationId, causationId: proposal.reviewEventId, idempotencyKey, fingerprint };
}

/** Codes that say "not now" rather than "not this": the batch is retried instead of the proposal declined. */
const TRANSIENT = new Set(['revision-conflict']);

/**
 * A rule of the goal refused the proposal (a forbidden transition, a discontinued goal, a backdated
 * conflict …): it is declined. Anything else (the database, a lost race) is retried.
 */
export function isRefusal(error: unknown): error is DomainError {
  return error instanceof DomainError && !TRANSIENT.has(error.code);
}
