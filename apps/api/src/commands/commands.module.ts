import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module.js';
import { ExecuteCommandHandler, RETRY_POLICY } from './execute-command.handler.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';

/** The one command handler every aggregate's writes go through. */
@Module({
  imports: [ProjectionsModule],
  providers: [ExecuteCommandHandler, { provide: RETRY_POLICY, useValue: DEFAULT_RETRY_POLICY }],
})
export class CommandsModule {}
