import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config/app-config.js';
import { AuditModule } from './audit/audit.module.js';
import { AccessModule } from './access/access.module.js';
import { CommandsModule } from './commands/commands.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { EvaluationModule } from './evaluation/evaluation.module.js';
import { EventsModule } from './events/events.module.js';
import { GoalsModule } from './goals/goals.module.js';
import { HealthModule } from './health/health.module.js';
import { IntegrityModule } from './integrity/integrity.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MunicipalitiesModule } from './municipalities/municipalities.module.js';
import { ProgrammesModule } from './programmes/programmes.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { StorageModule } from './storage/storage.module.js';

@Module({})
export class AppModule {
  /** The whole API on the store the configuration names; tests pass their own configuration (and may read the log). */
  static forRoot(config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot(config, logDestination),
        MetricsModule.forRoot(config),
        CqrsModule.forRoot(),
        StorageModule.forRoot(config),
        CommandsModule,
        AccessModule,
        ProgrammesModule,
        MunicipalitiesModule,
        GoalsModule,
        ReviewsModule,
        HealthModule,
        EventsModule,
        AuditModule,
        ExportsModule,
        EvaluationModule,
        IntegrityModule,
      ],
    };
  }
}
