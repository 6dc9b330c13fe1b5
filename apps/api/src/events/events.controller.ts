import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Logger, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EVENT_STORE, type CheckedEventStore } from '#event-store';
import { ApiProblems } from '../http/api-docs.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { ProblemException } from '../problems/problem.exception.js';
import { matcherOf, type EventMatcher } from './event-filter.js';
import { EventPageDto } from './event-feed.dto.js';
import { ApiFeedFilters, NDJSON_EXAMPLE } from './event-feed.docs.js';
import { EventPageQuery, encodePositionCursor, positionOfCursor } from './event-feed.query.js';
import { FEED_SETTINGS, type FeedSettings } from './feed-settings.js';
import { ndjsonOf, readPage } from './log-reader.js';
import { toLogEvent } from './log-event.js';
import { Allow, LOG_READERS } from '../access/access.decorator.js';

const NDJSON = 'application/x-ndjson';

@ApiTags('events')
@Allow(...LOG_READERS)
@Controller('v1/events')
export class EventsController {
  private readonly logger = new Logger('EventFeed');

  constructor(
    @Inject(EVENT_STORE) private readonly store: CheckedEventStore,
    @Inject(FEED_SETTINGS) private readonly settings: FeedSettings,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The raw event log in position order',
    description:
      'JSON pages with a cursor, or with `Accept: application/x-ndjson` one event per line for the whole range up to the head ' +
      '(or `until`) at request time. Events are upcast to their current schema version and name the version they are stored in. ' +
      'A page examines at most 10 000 events: with filters it may be short (even empty) and still have a nextCursor.',
  })
  // Swagger lists the parameters from the bottom decorator up.
  @ApiFeedFilters()
  @ApiQuery({ name: 'until', required: false, description: 'Last log position of the range, inclusive', example: 5000 })
  @ApiQuery({ name: 'limit', required: false, description: 'Page size, 1 to 1000 (default 100); JSON pages only', example: 100 })
  @ApiQuery({ name: 'cursor', required: false, description: 'The nextCursor of the previous page (instead of `after`)' })
  @ApiQuery({ name: 'after', required: false, description: 'Events after this log position (default 0: from the start)', example: 1200 })
  @ApiExtraModels(EventPageDto)
  @ApiOkResponse({
    description: 'A page of events (JSON), or the whole range as NDJSON',
    headers: { 'X-Log-Position': { description: 'NDJSON only: the log position the stream runs to', schema: { type: 'string' } } },
    content: {
      'application/json': { schema: { $ref: getSchemaPath(EventPageDto) } },
      [NDJSON]: { schema: { type: 'string', description: 'One LogEvent JSON object per line' }, example: NDJSON_EXAMPLE },
    },
  })
  @ApiProblems('validation-failed', 'service-unavailable')
  async read(
    @ValidRequest({ query: EventPageQuery }) { query }: RequestInput<never, EventPageQuery>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const after = query.cursor === undefined ? (query.after ?? 0) : positionOfCursor(query.cursor);
    const matches = matcherOf(query);
    if (request.accepts(['application/json', NDJSON]) === NDJSON) return this.stream(response, after, query, matches);

    const page = await readPage(this.store, { after, until: query.until, limit: query.limit ?? 100, matches, scanLimit: this.settings.scanLimit });
    const body: EventPageDto = {
      items: page.events.map(toLogEvent),
      nextCursor: page.complete ? null : encodePositionCursor(page.through),
      logPosition: page.through,
    };
    response.json(body);
  }

  /** The range up to the head at request time, paced by the client: the next page is read once the last one was taken. */
  private async stream(response: Response, after: number, query: EventPageQuery, matches: EventMatcher | undefined): Promise<void> {
    if (query.limit !== undefined) {
      throw ProblemException.validation([
        { location: 'query', field: 'limit', messages: ['limit applies to JSON pages; an NDJSON stream runs to until or to the head of the log'] },
      ]);
    }
    const head = await this.store.headPosition();
    const until = Math.min(query.until ?? head, head);
    response.status(200).type(NDJSON).setHeader('X-Log-Position', String(until));
    const hungUp = new AbortController();
    response.once('close', () => hungUp.abort());
    try {
      await pipeline(ndjsonOf(this.store, after, until, matches, hungUp.signal), response);
    } catch (error) {
      // A client that hangs up ends the stream early; anything else is logged, and the client sees a cut-off body.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.error(`NDJSON stream failed: ${String(error)}`);
    }
  }
}
