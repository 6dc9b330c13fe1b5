import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module.js';
import { StatusProposalsService } from './proposals/status-proposals.service.js';
import { ReviewWritesController } from './review-writes.controller.js';

@Module({ imports: [ProjectionsModule], controllers: [ReviewWritesController], providers: [StatusProposalsService] })
export class ReviewsModule {}
