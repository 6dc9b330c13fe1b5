import { Module } from '@nestjs/common';
import { MunicipalityQueries, READ_MODELS, type ReadModelStore } from '#projections';
import { ProjectionsModule } from '../projections/projections.module.js';
import { GetMunicipalityHandler, ListMunicipalitiesHandler } from './municipality-query.handlers.js';
import { MunicipalityReadsController } from './municipality-reads.controller.js';
import { MunicipalityWritesController } from './municipality-writes.controller.js';

@Module({
  imports: [ProjectionsModule],
  controllers: [MunicipalityWritesController, MunicipalityReadsController],
  providers: [
    { provide: MunicipalityQueries, useFactory: (store: ReadModelStore) => new MunicipalityQueries(store.views()), inject: [READ_MODELS] },
    GetMunicipalityHandler,
    ListMunicipalitiesHandler,
  ],
})
export class MunicipalitiesModule {}
