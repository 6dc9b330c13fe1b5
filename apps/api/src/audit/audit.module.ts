import { Module } from '@nestjs/common';
import { AuditQueries, READ_MODELS, type AuditTables, type ReadModelStore } from '#projections';
import { IntegrityModule } from '../integrity/integrity.module.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { AuditController } from './audit.controller.js';

@Module({
  imports: [ProjectionsModule, IntegrityModule],
  controllers: [AuditController],
  providers: [{ provide: AuditQueries, useFactory: (store: ReadModelStore) => new AuditQueries(store.views<AuditTables>()), inject: [READ_MODELS] }],
})
export class AuditModule {}
