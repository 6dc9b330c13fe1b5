import { Module } from '@nestjs/common';
import { MunicipalityQueries, READ_MODELS, ReviewQueries, type ReadModelStore } from '#projections';
import { CommandsModule } from '../commands/commands.module.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { StatusProposalsService } from './proposals/status-proposals.service.js';
import { GetReviewHandler, ListReviewsHandler } from './review-query.handlers.js';
import { ReviewReadsController } from './review-reads.controller.js';
import { ReviewWritesController } from './review-writes.controller.js';

@Module({
  imports: [ProjectionsModule, CommandsModule],
  controllers: [ReviewWritesController, ReviewReadsController],
  providers: [
    StatusProposalsService,
    { provide: ReviewQueries, useFactory: (store: ReadModelStore) => new ReviewQueries(store.views()), inject: [READ_MODELS] },
    { provide: MunicipalityQueries, useFactory: (store: ReadModelStore) => new MunicipalityQueries(store.views()), inject: [READ_MODELS] },
    GetReviewHandler,
    ListReviewsHandler,
  ],
  exports: [ReviewQueries],
})
export class ReviewsModule {}
