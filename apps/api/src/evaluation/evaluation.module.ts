import { Module } from '@nestjs/common';
import { EvaluationQueries, READ_MODELS, type ReadModelStore } from '#projections';
import { IntegrityModule } from '../integrity/integrity.module.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { EvaluationController } from './evaluation.controller.js';

/** Evaluations of phases and programmes, gathered from the read models at a point of view. */
@Module({
  imports: [ProjectionsModule, IntegrityModule],
  controllers: [EvaluationController],
  providers: [{ provide: EvaluationQueries, useFactory: (store: ReadModelStore) => new EvaluationQueries(store.views()), inject: [READ_MODELS] }],
})
export class EvaluationModule {}
