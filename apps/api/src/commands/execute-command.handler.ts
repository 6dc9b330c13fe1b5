import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  correctedFact,
  correctionRefused,
  decideCorrection,
  decideInWorldTime,
  DomainError,
  EVENT_CATALOGUE,
  eventOf,
  streamIdOf,
  streamName,
  type CorrectEvent,
  type CorrectedFact,
  type CorrectionEvent,
  type DomainCommand,
  type DomainEvent,
  type Fact,
} from '#domain';
import { EVENT_STORE, MalformedEventError, WrongExpectedRevisionError, type AppendResult, type EventStore, type NewEvent } from '#event-store';
import type { WriteContext } from '../http/write-context.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { CLOCK, type Clock } from '../storage/storage.module.js';
import type { AnyAggregate } from './aggregate.js';
import { authorise } from './authorise.js';
import { CommandError } from './command-errors.js';
import { ExecuteCommand, type WriteResult } from './execute-command.js';
import { Idempotency } from './idempotency.js';
import { KeyClaims } from './key-claims.js';
import { Lookup } from './lookup.js';
import { retryUntilDeadline, RetryDeadlineExceeded, type RetryPolicy } from './retry-policy.js';
import { StreamHistories } from './stream-histories.js';
import { StreamTurns } from './stream-turns.js';

export const RETRY_POLICY = Symbol('RetryPolicy');

/**
 * The one write path of every aggregate: load the stream, authorise the caller against it, let the aggregate's hook look up,
 * decide in world time, check If-Match, append with the revision that was read, and wait until the read
 * models show the result. Writes to one stream take turns within this instance; a race lost to another
 * instance (without If-Match) is decided again on the fresh stream, with jittered back-off, until the
 * policy's deadline, then answered 409 with Retry-After.
 */
@CommandHandler(ExecuteCommand)
export class ExecuteCommandHandler implements ICommandHandler<ExecuteCommand> {
  private readonly lookup: Lookup;
  private readonly claims: KeyClaims;
  private readonly turns = new StreamTurns();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RETRY_POLICY) private readonly retry: RetryPolicy,
    private readonly histories: StreamHistories,
    private readonly projections: ProjectionsService,
  ) {
    this.lookup = new Lookup(histories);
    this.claims = new KeyClaims(store, histories, clock);
  }

  async execute({ aggregate, command, context }: ExecuteCommand): Promise<WriteResult> {
    const idempotency = new Idempotency(this.store, context);
    const earlier = await idempotency.firstAnswer();
    if (earlier) return this.replayed(earlier, aggregate);
    const stream = streamName(aggregate.decider.category, 'streamId' in command ? command.streamId : aggregate.decider.streamIdOf(command));
    let result: AppendResult;
    try {
      result = await this.decideAndAppend(aggregate, stream, command, context, idempotency);
    } catch (error) {
      // A retry racing the first request with the same Idempotency-Key may have lost only to itself.
      const raced = await idempotency.firstAnswer();
      if (raced) return this.replayed(raced, aggregate);
      throw error;
    }
    // The store recognised the derived event ids: another request with this key came first.
    const first = result.duplicate ? await idempotency.firstAnswer() : undefined;
    if (first) return this.replayed(first, aggregate);
    await this.projections.waitFor(result.position);
    return { streamId: streamIdOf(aggregate.decider.category, stream) ?? stream, revision: result.revision, position: result.position, replayed: result.duplicate };
  }

  private async decideAndAppend(
    aggregate: AnyAggregate,
    stream: string,
    requested: ExecuteCommand['command'],
    context: WriteContext,
    idempotency: Idempotency,
  ): Promise<AppendResult> {
    // With If-Match the client asked for one revision only: a lost race is its precondition failing, at once.
    const retryable = (error: unknown) => error instanceof WrongExpectedRevisionError && context.ifMatch === undefined;
    return this.turns.take(stream, async () => {
      try {
        return await retryUntilDeadline(() => this.attempt(aggregate, stream, requested, context, idempotency), { retryable, policy: this.retry });
      } catch (error) {
        if (!(error instanceof RetryDeadlineExceeded)) throw error;
        const last = error.cause as WrongExpectedRevisionError;
        throw new CommandError('revision-conflict', 'The resource kept changing while the request was decided; retry it', { currentRevision: revisionOf(last) }, error.retryAfterSeconds);
      }
    });
  }

  /** One attempt: load, look up, decide, check If-Match, claim keys, append with the revision read. */
  private async attempt(aggregate: AnyAggregate, stream: string, requested: ExecuteCommand['command'], context: WriteContext, idempotency: Idempotency): Promise<AppendResult> {
    const history = await this.histories.load(stream);
    const revision = history.length - 1;
    const command = { ...requested, now: this.clock().toISOString() } as DomainCommand | CorrectEvent;
    authorise(aggregate, context.identity, command, history);
    const decided = this.decide(aggregate, history, (await aggregate.beforeDecide?.({ command, history, context, lookup: this.lookup })) ?? command);
    const corrected = command.type === 'CorrectEvent' ? correctedFact(history, decided[0] as CorrectionEvent) : undefined;
    if (corrected) await this.checkCorrection(aggregate, corrected);
    // RFC 9110 §13.2.1: preconditions count only for a request that would otherwise succeed, so a
    // domain error (404 for a missing goal, 409 …) is answered before If-Match is looked at.
    if (!ifMatchHolds(context.ifMatch, revision)) throw preconditionFailed(revision);
    const metadata = (event: DomainEvent) => idempotency.metadata(event.occurredAt, context.causationId ?? null, command.type);
    // A correction that brings a retracted registration back must hold its keys again.
    const keyed = corrected ? [eventOf<DomainEvent>(corrected.fact)] : decided;
    const uniqueKeys = aggregate.decider.uniqueKeys;
    const keys = uniqueKeys ? keyed.flatMap((event) => uniqueKeys(event)) : [];
    if (uniqueKeys && keys.length > 0) await this.claims.claim(stream, keys, { category: aggregate.decider.category, uniqueKeys }, metadata(decided[0]));
    const events: NewEvent[] = decided.map((event, index) => ({ id: idempotency.eventId(index), type: event.type, data: event.data as object, metadata: metadata(event) }));
    try {
      return await this.store.append(stream, events, revision === -1 ? 'no-stream' : revision);
    } catch (error) {
      if (error instanceof MalformedEventError) throw malformed(error);
      if (error instanceof WrongExpectedRevisionError && context.ifMatch !== undefined) throw preconditionFailed(revisionOf(error));
      throw error;
    }
  }

  private async checkCorrection(aggregate: AnyAggregate, corrected: CorrectedFact): Promise<void> {
    if (!aggregate.checkCorrection) return;
    try {
      await aggregate.checkCorrection?.({ corrected, lookup: this.lookup });
    } catch (error) {
      throw error instanceof DomainError ? correctionRefused(corrected, error) : error;
    }
  }

  private decide(aggregate: AnyAggregate, history: readonly Fact[], command: DomainCommand | CorrectEvent): DomainEvent[] {
    return command.type === 'CorrectEvent'
      ? decideCorrection(aggregate.decider, EVENT_CATALOGUE, history, command as CorrectEvent)
      : decideInWorldTime(aggregate.decider, history, command as DomainCommand);
  }

  private async replayed(first: { stream: string; revision: number; position: number }, aggregate: AnyAggregate): Promise<WriteResult> {
    await this.projections.waitFor(first.position);
    return { streamId: streamIdOf(aggregate.decider.category, first.stream) ?? first.stream, revision: first.revision, position: first.position, replayed: true };
  }
}

function ifMatchHolds(ifMatch: WriteContext['ifMatch'], revision: number): boolean {
  if (ifMatch === undefined) return true;
  return ifMatch === '*' ? revision >= 0 : ifMatch.includes(revision);
}

function preconditionFailed(revision: number): CommandError {
  const state = revision === -1 ? 'does not exist' : `is at revision ${revision} (ETag "${revision}")`;
  return new CommandError('precondition-failed', `If-Match does not hold: the resource ${state}`, { currentRevision: revision });
}

const revisionOf = (error: WrongExpectedRevisionError): number => (error.actual === 'no-stream' ? -1 : error.actual);

function malformed(error: MalformedEventError): CommandError {
  return new CommandError('event-malformed', error.message, { eventType: error.type, errors: error.issues });
}
