import { shortened, type ChangeGoalStatus, type RecordDeclinedProposal, type Requested } from '#domain';
import type { RecordedEvent } from '#event-store';
import { ExecuteCommand, type WriteResult } from '../../commands/execute-command.js';
import { GOAL } from '../../goals/goal.aggregate.js';
import type { WriteContext } from '../../http/write-context.js';
import { REVIEW } from '../review.aggregate.js';
import { isRefusal, proposalContext, reasonOf, type ProposalOutcome, type StatusProposal } from './status-proposals.js';

/** The longest message a StatusProposalDeclined takes (see its schema). */
const MESSAGE_MAX = 2000;

/** The code of a proposal whose review was retracted before it was settled. */
export const REVIEW_RETRACTED = 'review-retracted';

/** What settling a proposal needs: the one command path, and whether an idempotent write was already made. */
export interface SettlerPort {
  execute(command: ExecuteCommand): Promise<WriteResult>;
  /** The first event written with this context's Idempotency-Key, if there is one. */
  firstWritten(context: WriteContext): Promise<RecordedEvent | undefined>;
  /** Whether the review event that made the proposal still stands: no correction retracted it. */
  reviewStands(proposal: StatusProposal): Promise<boolean>;
  /** Says, for operators, that a proposal was declined. */
  declined(proposal: StatusProposal, code: string, message: string): void;
}

/**
 * Settles one proposal, as often as it is asked, with one outcome: the goal's status changes once, or the
 * review records once that the proposal was declined — never both, and never a second change on a retry.
 *
 * 1. A decline recorded before (a crash came before the checkpoint moved) stands, even if the goal has
 *    changed since and the proposal would pass now.
 * 2. The status change goes through the command path with a derived Idempotency-Key: a change written
 *    before is answered from the log, not written again.
 * 3. A rule of the goal refuses it: the review records StatusProposalDeclined (again idempotent), and
 *    the manager moves on. Any other failure propagates, and the batch is retried.
 * 4. A review retracted before its proposal was settled changes no goal (the proposal is declined as
 *    `review-retracted`, recorded by the manager only). One corrected so that it can no longer record the
 *    decline (moved to a later day) has its proposal declined all the same: a refusal is never retried
 *    forever, holding up every later review.
 */
export class ProposalSettler {
  constructor(private readonly port: SettlerPort) {}

  async settle(proposal: StatusProposal): Promise<ProposalOutcome> {
    const decline = proposalContext(proposal, 'decline');
    const earlier = await this.declinedBefore(decline);
    if (earlier) return earlier;
    if (!(await this.port.reviewStands(proposal))) {
      if (await this.port.firstWritten(proposalContext(proposal, 'apply'))) return { outcome: 'applied' };
      return this.declinedUnrecorded(proposal, REVIEW_RETRACTED, `The review ${proposal.reviewId} was retracted before its proposal was settled`);
    }
    try {
      const change: Requested<ChangeGoalStatus> = { type: 'ChangeGoalStatus', data: { goalId: proposal.goalId, to: proposal.proposedStatus, reason: reasonOf(proposal) }, occurredAt: proposal.occurredAt };
      await this.port.execute(ExecuteCommand.of(GOAL, change, proposalContext(proposal, 'apply')));
      return { outcome: 'applied' };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const data = { reviewId: proposal.reviewId, goalId: proposal.goalId, proposedStatus: proposal.proposedStatus, code: error.code, message: shortened(error.message, MESSAGE_MAX) };
      const record: Requested<RecordDeclinedProposal> = { type: 'RecordDeclinedProposal', data, occurredAt: proposal.occurredAt };
      try {
        await this.port.execute(ExecuteCommand.of(REVIEW, record, decline));
      } catch (recording) {
        if (!isRefusal(recording)) throw recording;
        return this.declinedUnrecorded(proposal, error.code, data.message);
      }
      this.port.declined(proposal, error.code, error.message);
      return { outcome: 'declined', code: error.code, message: data.message };
    }
  }

  /** A decline the review cannot record (it was retracted or moved since): the manager's row keeps it. */
  private declinedUnrecorded(proposal: StatusProposal, code: string, message: string): ProposalOutcome {
    this.port.declined(proposal, code, message);
    return { outcome: 'declined', code, message };
  }

  private async declinedBefore(context: WriteContext): Promise<ProposalOutcome | undefined> {
    const first = await this.port.firstWritten(context);
    if (!first) return undefined;
    const { code, message } = first.data as RecordDeclinedProposal['data'];
    return { outcome: 'declined', code, message };
  }
}
