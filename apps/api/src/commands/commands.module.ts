import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '#event-store';
import { ProjectionsModule } from '../projections/projections.module.js';
import { ExecuteCommandHandler, RETRY_POLICY } from './execute-command.handler.js';
import { WRITE_RETRY } from './retry-policy.js';
import { StreamHistories } from './stream-histories.js';

/** The one command handler every aggregate's writes go through. */
@Module({
  imports: [ProjectionsModule],
  providers: [
    ExecuteCommandHandler,
    { provide: RETRY_POLICY, useValue: WRITE_RETRY },
    { provide: StreamHistories, useFactory: (store: EventStore) => new StreamHistories(store), inject: [EVENT_STORE] },
  ],
  exports: [StreamHistories],
})
export class CommandsModule {}
