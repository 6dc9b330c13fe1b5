import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditQueries, type AuditEntry, type AuditFilter } from '#projections';
import { ApiProblems } from '../http/api-docs.js';
import { CSV, sendCsv, type CsvColumn } from '../http/csv-response.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../http/cursor.js';
import { instantOf, setLogPosition } from '../http/point-of-view.js';
import { CoveringHeads, TREE_HEAD_HEADER, treeHeadHeader } from '../integrity/covering-heads.js';
import { normaliseWorldTime } from '../http/validators.js';
import { readAtLeast } from '../projections/min-position.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { AuditEntryDto, AuditPageDto, AuditQueryDto } from './audit.dto.js';
import { Allow, LOG_READERS } from '../access/access.decorator.js';

/** Rows read per query while a CSV streams. */
const CSV_PAGE = 1000;

const COLUMNS: readonly CsvColumn<AuditEntry>[] = [
  { header: 'position', value: (e) => e.position },
  { header: 'recordedAt', value: (e) => e.recordedAt },
  { header: 'occurredAt', value: (e) => e.occurredAt },
  { header: 'actor', value: (e) => e.actor },
  { header: 'command', value: (e) => e.command },
  { header: 'stream', value: (e) => e.stream },
  { header: 'eventType', value: (e) => e.eventType },
  { header: 'municipalityId', value: (e) => e.municipalityId },
  { header: 'reason', value: (e) => e.reason },
  { header: 'correlationId', value: (e) => e.correlationId },
  { header: 'causationId', value: (e) => e.causationId },
];

@ApiTags('audit')
@Allow(...LOG_READERS)
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditQueries,
    private readonly projections: ProjectionsService,
    private readonly heads: CoveringHeads,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Who did what, when and why',
    description:
      'One entry per recorded event: actor, recorded and world time, command, stream, event type, the municipality it concerns, reason, ' +
      'correlation and causation ids. Filters combine; several values of one filter mean any of them. JSON pages with a cursor, or with ' +
      '`Accept: text/csv` every matching entry as one CSV download (`bom` and `separator` for spreadsheet programs). ' +
      'Either holds only entries up to `logPosition` and names the signed tree head of exactly those events (`treeHead`; CSV: `X-Tree-Head`).',
  })
  @ApiExtraModels(AuditPageDto)
  @ApiOkResponse({
    description: 'A page of entries, or all matching entries as CSV',
    headers: {
      'X-Log-Position': { description: 'The last log position the audit log holds (`logPosition`): no entry after it is answered', schema: { type: 'string' } },
      [TREE_HEAD_HEADER]: {
        description:
          'CSV only (JSON names it as `treeHead`): the signed tree head (JSON, base64url) of the smallest tree holding every event up to X-Log-Position, ' +
          "stamped with that event's recording time: check the audit against a bundle of that size",
        schema: { type: 'string' },
      },
    },
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditPageDto) } },
      [CSV]: { schema: { type: 'string' }, example: 'position,recordedAt,occurredAt,actor,command,stream,eventType,municipalityId,reason,correlationId,causationId\r\n' },
    },
  })
  @ApiProblems('validation-failed', 'service-unavailable')
  async list(@Query() query: AuditQueryDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<AuditPageDto | undefined> {
    await readAtLeast(this.projections, 'audit', query, response);
    const filter = filterOf(query);
    const newestFirst = query.sort === '-position';
    // Every entry answered is one the named tree head covers: none recorded after logPosition was read.
    const logPosition = await this.audit.logPosition();
    setLogPosition(response, logPosition);
    const treeHead = await this.heads.covering(logPosition, response);
    if (request.accepts(['application/json', CSV]) === CSV) {
      response.setHeader(TREE_HEAD_HEADER, treeHeadHeader(treeHead));
      await sendCsv(response, 'audit.csv', COLUMNS, this.everyEntry(filter, newestFirst, logPosition), query);
      return undefined;
    }
    const limit = query.limit ?? 100;
    const scope = `audit:${query.sort ?? 'position'}`;
    const cursor = positionOf(query.cursor, scope);
    // Newest first starts below logPosition; in log order, entries recorded since are cut off the end.
    const after = newestFirst ? Math.min(cursor ?? Infinity, logPosition + 1) : cursor;
    const rows = await this.audit.list(filter, after, limit + 1, newestFirst);
    const items: AuditEntryDto[] = rows.filter((entry) => entry.position <= logPosition).slice(0, limit);
    // More entries follow, some perhaps recorded after logPosition: the next page (asked later) shows them.
    const next = rows.length > items.length ? (items.at(-1)?.position ?? after ?? 0) : undefined;
    return { items, nextCursor: next === undefined ? null : encodeCursor(scope, String(next)), logPosition, treeHead };
  }

  /** Every matching entry up to `logPosition`, page by page. */
  private async *everyEntry(filter: AuditFilter, newestFirst: boolean, logPosition: number): AsyncGenerator<AuditEntry[]> {
    let after = newestFirst ? logPosition + 1 : undefined;
    for (;;) {
      const read = await this.audit.list(filter, after, CSV_PAGE, newestFirst);
      const page = read.filter((entry) => entry.position <= logPosition);
      if (page.length > 0) yield page;
      if (read.length < CSV_PAGE || page.length < read.length) return;
      after = page[page.length - 1].position;
    }
  }
}

function filterOf({ actor, municipalityId, stream, from, to }: AuditQueryDto): AuditFilter {
  return { actor, municipalityId, stream, from: from === undefined ? undefined : normaliseWorldTime(from), to: to === undefined ? undefined : instantOf(to) };
}

function positionOf(cursor: string | undefined, scope: string): number | undefined {
  const decoded = decodeCursor(cursor, scope);
  if (decoded === undefined) return undefined;
  if (!/^\d{1,15}$/.test(decoded)) throw invalidCursor();
  return Number(decoded);
}
