import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EVENT_STORE, type CheckedEventStore } from '#event-store';
import { ApiProblems } from '../http/api-docs.js';
import { ProblemException } from '../problems/problem.exception.js';
import type { FieldError } from '../problems/problem-types.js';
import { validateInput } from '../problems/validate-input.js';
import { matcherOf } from './event-filter.js';
import { ApiFeedFilters, SSE_EXAMPLE } from './event-feed.docs.js';
import { LiveEventsQuery } from './event-feed.query.js';
import { sseComment } from './log-event.js';
import { LiveFeedHub } from './live-feed.hub.js';
import { Allow, LOG_READERS } from '../access/access.decorator.js';
import { Authenticator } from '../access/authenticator.js';

@ApiTags('events')
@Allow(...LOG_READERS)
@Controller('v1/events')
export class LiveEventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: CheckedEventStore,
    private readonly hub: LiveFeedHub,
    private readonly authenticator: Authenticator,
  ) {}

  @Get('live')
  @ApiOperation({
    summary: 'The event log live, as Server-Sent Events',
    description:
      'Each event is an SSE message: `id` is its log position, `event` its type, `data` the event as in the JSON pages. ' +
      'Starts after `after`, or after the `Last-Event-ID` an EventSource sends when it reconnects (the header wins), or, without ' +
      'either, at the head of the log. Heartbeat comments keep idle connections open. A client that does not read its events ' +
      'is disconnected with a comment saying why; reconnecting with Last-Event-ID resumes without gaps. The credentials are ' +
      'checked again at every heartbeat: a stream whose key was revoked or expired, or whose token expired, ends with a comment.',
  })
  // Swagger lists the parameters from the bottom decorator up.
  @ApiFeedFilters()
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id (log position) of the last event received; the stream resumes after it', example: '1206' })
  @ApiQuery({ name: 'after', required: false, description: 'Events after this log position (default: the head of the log, i.e. only new events)', example: 1200 })
  @ApiOkResponse({
    description: 'An endless event stream',
    content: { 'text/event-stream': { schema: { type: 'string', description: 'SSE messages whose data is a LogEvent' }, example: SSE_EXAMPLE } },
  })
  @ApiProblems('validation-failed', 'service-unavailable')
  async live(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { query, lastEventId } = validLiveRequest(request);
    await this.hub.start();
    const after = lastEventId ?? query.after ?? (await this.store.headPosition());

    // The connection closes with the stream, so that a server shutting down is not kept waiting by it.
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'close', 'X-Accel-Buffering': 'no' });
    request.socket.setNoDelay(true);
    request.socket.setKeepAlive(true);
    response.write(sseComment(`events after position ${after}`));
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    // Checked again while the stream runs: a key revoked or expired since, or a token past its expiry, ends it.
    const stillValid = () => this.authenticator.identify(request).then(
      () => true,
      (error: unknown) => !(error instanceof ProblemException && error.kind === 'unauthenticated'),
    );
    this.hub.connect(response, matcherOf(query), after, stillValid);
  }
}

/** Query and Last-Event-ID are checked together, so that one problem names every offending input. */
function validLiveRequest(request: Request): { query: LiveEventsQuery; lastEventId?: number } {
  const query = validateInput(LiveEventsQuery, request.query, 'query');
  const errors: FieldError[] = [];
  const header = request.get('Last-Event-ID');
  let lastEventId: number | undefined;
  if (header !== undefined && header !== '') {
    lastEventId = /^\d{1,16}$/.test(header) ? Number(header) : NaN;
    if (!Number.isSafeInteger(lastEventId)) {
      errors.push({ location: 'header', field: 'Last-Event-ID', messages: ['Last-Event-ID must be the id (log position) of an event of this feed'] });
    }
  }
  errors.push(...query.errors);
  if (errors.length > 0 || !query.value) throw ProblemException.validation(errors);
  return { query: query.value, lastEventId };
}
