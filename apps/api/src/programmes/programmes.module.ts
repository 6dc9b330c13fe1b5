import { Module } from '@nestjs/common';
import { ProgrammeQueries, READ_MODELS, type ReadModelStore } from '#projections';
import { ProjectionsModule } from '../projections/projections.module.js';
import { GetProgrammeHandler, ListProgrammesHandler } from './programme-query.handlers.js';
import { ProgrammeReadsController } from './programme-reads.controller.js';
import { ProgrammeWritesController } from './programme-writes.controller.js';

@Module({
  imports: [ProjectionsModule],
  controllers: [ProgrammeWritesController, ProgrammeReadsController],
  providers: [
    { provide: ProgrammeQueries, useFactory: (store: ReadModelStore) => new ProgrammeQueries(store.views()), inject: [READ_MODELS] },
    GetProgrammeHandler,
    ListProgrammesHandler,
  ],
})
export class ProgrammesModule {}
