import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '#event-store';
import { ProjectionsModule } from '../projections/projections.module.js';
import { ExecuteCommandHandler, RETRY_POLICY } from './execute-command.handler.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';
import { StreamHistories } from './stream-histories.js';

/** The one command handler every aggregate's writes go through. */
@Module({
  imports: [ProjectionsModule],
  providers: [
    ExecuteCommandHandler,
    { provide: RETRY_POLICY, useValue: DEFAULT_RETRY_POLICY },
    { provide: StreamHistories, useFactory: (store: EventStore) => new StreamHistories(store), inject: [EVENT_STORE] },
  ],
  exports: [StreamHistories],
})
export class CommandsModule {}
