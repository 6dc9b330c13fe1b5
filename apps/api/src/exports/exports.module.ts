import { Module } from '@nestjs/common';
import { GoalsModule } from '../goals/goals.module.js';
import { IntegrityModule } from '../integrity/integrity.module.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { ExportsController } from './exports.controller.js';

/** CSV exports for statistics tools, streamed from the read models the views use. */
@Module({
  imports: [ProjectionsModule, GoalsModule, ReviewsModule, IntegrityModule],
  controllers: [ExportsController],
})
export class ExportsModule {}
