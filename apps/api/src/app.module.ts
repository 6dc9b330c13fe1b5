import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from './config/app-config.js';
import { CommandsModule } from './commands/commands.module.js';
import { GoalsModule } from './goals/goals.module.js';
import { MunicipalitiesModule } from './municipalities/municipalities.module.js';
import { ProgrammesModule } from './programmes/programmes.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { StorageModule } from './storage/storage.module.js';

@Module({})
export class AppModule {
  /** The whole API on the store the configuration names; tests pass their own configuration. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), StorageModule.forRoot(config), CommandsModule, ProgrammesModule, MunicipalitiesModule, GoalsModule, ReviewsModule],
    };
  }
}
