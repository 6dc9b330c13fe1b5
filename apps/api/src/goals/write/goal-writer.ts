import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { decideGoal, evolveGoal, goalIdOfStream, goalStream, initialGoalState, toGoalEvent, type GoalCommand, type GoalEvent } from '#domain';
import { EVENT_STORE, WrongExpectedRevisionError, type AppendResult, type EventStore, type NewEvent } from '#event-store';
import type { WriteContext } from '../../http/write-context.js';
import { ProblemException } from '../../problems/problem.exception.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { CLOCK, type Clock } from '../../storage/storage.module.js';
import { retryUntilDeadline } from './retry-policy.js';
import { StreamTurns } from './stream-turns.js';

export interface WriteResult {
  readonly goalId: string;
  /** The goal's revision after the write; also its new ETag. */
  readonly revision: number;
  /** Global position of the last event written. */
  readonly position: number;
  /** True when an Idempotency-Key retry was answered from the first request. */
  readonly replayed: boolean;
}

/** Namespace of the event ids derived from Idempotency-Keys (UUIDv5). */
const IDEMPOTENCY_NAMESPACE = '6f1d3c52-52a4-4d57-9a63-2b1f1b0c8e41';

/**
 * The write path every goal command shares: load the stream, decide, append with the revision that was
 * read, then wait until the read models show the result (read-your-writes).
 *
 * Idempotency-Key: event ids are derived from actor, key and index, so a retried request finds its
 * first event by id, and two racing retries append the same ids, of which the store keeps one.
 */
@Injectable()
export class GoalWriter {
  private readonly turns = new StreamTurns();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: ProjectionsService,
  ) {}

  async write(goalId: string, command: (now: string) => GoalCommand, context: WriteContext): Promise<WriteResult> {
    const replay = await this.replay(context);
    if (replay) return replay;
    let result: AppendResult;
    try {
      result = await this.decideAndAppend(goalId, command, context);
    } catch (error) {
      // A retry racing the first request with the same Idempotency-Key may have lost only to itself.
      const raced = await this.replay(context);
      if (raced) return raced;
      throw error;
    }
    // The store recognised the derived event ids: another request with this key was first. It is only a
    // retry if it was the same request; otherwise this request's change was not written (422).
    const replayed = result.duplicate ? await this.replay(context) : undefined;
    if (replayed) return replayed;
    await this.projections.waitFor(result.position);
    return { goalId, revision: result.revision, position: result.position, replayed: result.duplicate };
  }

  /**
   * Writes to one goal take turns within this instance; one that lost a race against another instance is
   * decided again on the fresh state until the retry deadline (with If-Match it fails at once instead).
   */
  private decideAndAppend(goalId: string, command: (now: string) => GoalCommand, context: WriteContext): Promise<AppendResult> {
    const stream = goalStream(goalId);
    const retryable = (error: unknown) => error instanceof WrongExpectedRevisionError;
    return this.turns.take(stream, () => retryUntilDeadline(() => this.attempt(stream, command, context), { retryable }));
  }

  private async attempt(stream: string, command: (now: string) => GoalCommand, context: WriteContext): Promise<AppendResult> {
    const history = await this.store.readStream(stream);
    const revision = history.length - 1;
    const state = history.map(toGoalEvent).reduce((s, e) => (e ? evolveGoal(s, e) : s), initialGoalState);
    const events = decideGoal(command(this.clock().toISOString()), state).map((e, i) => this.toNewEvent(e, i, context));
    // RFC 9110 §13.2.1: preconditions count only for a request that would otherwise succeed, so a
    // domain error (404 for a missing goal, 409 …) is answered before If-Match is looked at.
    if (!ifMatchHolds(context.ifMatch, revision)) throw preconditionFailed(revision);
    try {
      return await this.store.append(stream, events, revision === -1 ? 'no-stream' : revision);
    } catch (error) {
      // With If-Match the client asked for this revision only: a lost race is its precondition failing.
      if (error instanceof WrongExpectedRevisionError && context.ifMatch !== undefined) {
        throw preconditionFailed(error.actual === 'no-stream' ? -1 : error.actual);
      }
      throw error;
    }
  }

  /** The answer to a retried request, or undefined when this Idempotency-Key is new. */
  private async replay(context: WriteContext): Promise<WriteResult | undefined> {
    if (context.idempotencyKey === undefined) return undefined;
    const first = await this.store.readEvent(this.eventId(context, 0));
    if (!first) return undefined;
    if (first.metadata.requestFingerprint !== context.fingerprint) {
      throw new ProblemException('idempotency-key-reused', 'This Idempotency-Key was already used for a different request');
    }
    const batch = (await this.store.readStream(first.stream, { fromRevision: first.revision })).filter(
      (event) => event.metadata.idempotencyKey === context.idempotencyKey && event.metadata.actor === context.actor,
    );
    // The batch holds at least the first event, which carries this key and actor.
    const last = batch.at(-1) ?? first;
    await this.projections.waitFor(last.position);
    return { goalId: goalIdOfStream(first.stream) ?? first.stream, revision: last.revision, position: last.position, replayed: true };
  }

  private toNewEvent(event: GoalEvent, index: number, context: WriteContext): NewEvent {
    return {
      id: context.idempotencyKey === undefined ? uuidv7() : this.eventId(context, index),
      type: event.type,
      data: event.data,
      metadata: {
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: null,
        occurredAt: event.occurredAt,
        ...(context.idempotencyKey === undefined
          ? {}
          : { idempotencyKey: context.idempotencyKey, requestFingerprint: context.fingerprint }),
      },
    };
  }

  private eventId(context: WriteContext, index: number): string {
    return uuidv5(`${context.actor}\n${context.idempotencyKey}\n${index}`, IDEMPOTENCY_NAMESPACE);
  }
}

function ifMatchHolds(ifMatch: WriteContext['ifMatch'], revision: number): boolean {
  if (ifMatch === undefined) return true;
  return ifMatch === '*' ? revision >= 0 : ifMatch.includes(revision);
}

function preconditionFailed(revision: number): ProblemException {
  const state = revision === -1 ? 'does not exist' : `is at revision ${revision} (ETag "${revision}")`;
  return new ProblemException('precondition-failed', `If-Match does not hold: the goal ${state}`, { currentRevision: revision });
}
