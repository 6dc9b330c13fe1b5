import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { effectiveHistory, reviewStream } from '#domain';
import { EVENT_STORE, type EventStore } from '#event-store';
import { Idempotency } from '../../commands/idempotency.js';
import { StreamHistories } from '../../commands/stream-histories.js';
import type { WriteContext } from '../../http/write-context.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { ProposalSettler } from './proposal-settler.js';
import { statusProposalsProcess } from './status-proposals.process.js';
import type { StatusProposal } from './status-proposals.js';

/**
 * Registers the status-proposals process manager with the projections, which run it like a read model
 * (lease, checkpoint, retries with back-off, admin status), and sends its commands through the command bus.
 */
@Injectable()
export class StatusProposalsService {
  private readonly logger = new Logger('StatusProposals');

  constructor(commands: CommandBus, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionsService, histories: StreamHistories) {
    const settler = new ProposalSettler({
      execute: (command) => commands.execute(command),
      firstWritten: (context: WriteContext) => store.readEvent(new Idempotency(store, context).eventId(0)),
      reviewStands: async (proposal: StatusProposal) => effectiveHistory(await histories.load(reviewStream(proposal.reviewId))).some((fact) => fact.revision === proposal.reviewRevision),
      declined: (proposal: StatusProposal, code: string, message: string) =>
        this.logger.warn(`review ${proposal.reviewId} proposed ${proposal.proposedStatus} for goal ${proposal.goalId}; declined (${code}): ${message}`),
    });
    projections.runProcess(statusProposalsProcess((proposal) => settler.settle(proposal)));
  }
}
