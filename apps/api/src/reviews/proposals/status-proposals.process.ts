import type { Kysely } from 'kysely';
import { insertRows, type ReadModel } from '#projections';
import { isReviewHeld, proposalsOf, type ProposalOutcome, type StatusProposal } from './status-proposals.js';

/** One row per settled proposal: what an operator looks up when a review's proposal did not show on its goal. */
export interface ProposalRow {
  review_event_id: string;
  goal_id: string;
  review_id: string;
  proposed_status: string;
  outcome: ProposalOutcome['outcome'];
  /** The rule that declined it; null when applied. */
  code: string | null;
  message: string | null;
  /** Log position of the review event. */
  position: number | string;
}

export interface ProposalTables {
  review_proposals: ProposalRow;
}

export const STATUS_PROPOSALS = 'review-status-proposals';

/**
 * The process manager that turns a review's proposed statuses into status changes of the goals. It runs
 * on the read-model runner, so it has a lease (one instance settles at a time) and a checkpoint that moves
 * in one transaction with the rows recording each outcome. The commands it sends are idempotent
 * (ProposalSettler): a crash after a command and before the checkpoint makes the batch run again, and
 * the second run finds the first run's writes instead of repeating them. A rebuild reads every review
 * again and, for the same reason, writes nothing new to the log.
 */
export function statusProposalsProcess(settle: (proposal: StatusProposal) => Promise<ProposalOutcome>): ReadModel<ProposalTables> {
  return {
    name: STATUS_PROPOSALS,
    version: 1,
    tables: ['review_proposals'],
    // Writes never wait for it; its own commands would wait for itself.
    awaitedByWrites: false,
    handles: isReviewHeld,
    async createTables(db: Kysely<unknown>, table: (logical: string) => string) {
      await db.schema
        .createTable(table('review_proposals'))
        .addColumn('review_event_id', 'text', (column) => column.notNull())
        .addColumn('goal_id', 'text', (column) => column.notNull())
        .addColumn('review_id', 'text', (column) => column.notNull())
        .addColumn('proposed_status', 'text', (column) => column.notNull())
        .addColumn('outcome', 'text', (column) => column.notNull())
        .addColumn('code', 'text')
        .addColumn('message', 'text')
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint(`${table('review_proposals')}_pk`, ['review_event_id', 'goal_id'])
        .execute();
    },
    async apply(events, { db }) {
      const rows: ProposalRow[] = [];
      // One after the other, in log order: a later review of the same goal builds on the earlier one's change.
      for (const event of events) {
        for (const proposal of proposalsOf(event)) {
          const settled = await settle(proposal);
          rows.push({
            review_event_id: proposal.reviewEventId,
            goal_id: proposal.goalId,
            review_id: proposal.reviewId,
            proposed_status: proposal.proposedStatus,
            outcome: settled.outcome,
            code: settled.outcome === 'declined' ? settled.code : null,
            message: settled.outcome === 'declined' ? settled.message : null,
            position: event.position,
          });
        }
      }
      return insertRows(db, 'review_proposals', rows);
    },
  };
}
