import { Command } from '@nestjs/cqrs';
import type { CorrectEvent, DomainCommand, DomainEvent, Requested } from '#domain';
import type { WriteContext } from '../http/write-context.js';
import type { Aggregate, AnyAggregate } from './aggregate.js';

export interface WriteResult {
  /** The id of the stream written (without its category), e.g. the goal id. */
  readonly streamId: string;
  /** The stream's revision after the write; also its new ETag. */
  readonly revision: number;
  /** Global position of the last event written. */
  readonly position: number;
  /** True when an Idempotency-Key retry was answered from the first request. */
  readonly replayed: boolean;
}

/** A correction addresses its stream by id, as it has no aggregate data of its own. */
export type RequestedCorrection = Requested<CorrectEvent> & { readonly streamId: string };

/** The one command every aggregate's writes travel as: which aggregate, what is asked, and who asks. */
export class ExecuteCommand extends Command<WriteResult> {
  private constructor(
    readonly aggregate: AnyAggregate,
    readonly command: Requested<DomainCommand> | RequestedCorrection,
    readonly context: WriteContext,
  ) {
    super();
  }

  static of<C extends DomainCommand, E extends DomainEvent, S>(
    aggregate: Aggregate<C, E, S>,
    command: Requested<C> | RequestedCorrection,
    context: WriteContext,
  ): ExecuteCommand {
    return new ExecuteCommand(aggregate as unknown as AnyAggregate, command, context);
  }
}
