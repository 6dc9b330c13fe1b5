import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { GoalHistoryQueries, GoalQueries, ReviewQueries, sortValueOf, type KeysetCursor, type GoalCursor, type GoalSort, type GoalSortField, type GoalView, type PointOfView } from '#projections';
import { ApiProblems } from '../http/api-docs.js';
import { CoveringHeads, TREE_HEAD_HEADER, treeHeadHeader } from '../integrity/covering-heads.js';
import { CSV, sendCsv } from '../http/csv-response.js';
import { LOG_POSITION_HEADER, pointOfView, setLogPosition } from '../http/point-of-view.js';
import { readAtLeast } from '../projections/min-position.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { CLOCK, type Clock } from '../storage/storage.module.js';
import { GOAL_COLUMNS, GOAL_HISTORY_COLUMNS, REVIEW_COLUMNS, type AssessmentRow, type GoalHistoryRow } from './export-columns.js';
import { GoalsExportDto, ReviewsExportDto } from './exports.dto.js';
import { Allow, LOG_READERS } from '../access/access.decorator.js';

/** Goals read per query while an export streams. */
const PAGE = 200;

const EXPORT_HEADERS = {
  ...LOG_POSITION_HEADER,
  'X-As-Of': { description: 'World time of the export', schema: { type: 'string' } },
  'X-Known-At': { description: 'System time of the export: the same knownAt gives the same bytes, whatever was recorded later', schema: { type: 'string' } },
  [TREE_HEAD_HEADER]: {
    description: 'The signed tree head (JSON, base64url) of the smallest tree holding every event up to X-Log-Position, stamped with that event\'s recording time: check the export against a bundle of that size',
    schema: { type: 'string' },
  },
};

@ApiTags('exports')
@Allow(...LOG_READERS)
@Controller('v1/exports')
export class ExportsController {
  constructor(
    private readonly goals: GoalQueries,
    private readonly histories: GoalHistoryQueries,
    private readonly reviews: ReviewQueries,
    private readonly projections: ProjectionsService,
    private readonly heads: CoveringHeads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('goals.csv')
  @ApiOperation({
    summary: 'Goals as of a date, as CSV',
    description:
      'Every goal the filters select, as it stood `asOf`, as known `knownAt`, one row each, in `sort` order. Streams, so it suits ' +
      'exports of any size. With a fixed `knownAt` the file is reproducible byte for byte. `bom=true&separator=;` for spreadsheet programs.',
  })
  @ApiProduces(CSV)
  @ApiOkResponse({ description: 'The CSV file', headers: EXPORT_HEADERS, content: { [CSV]: { schema: { type: 'string' }, example: 'id,programmeId,municipalityId,…\r\n' } } })
  @ApiProblems('validation-failed', 'service-unavailable')
  async goalsCsv(@Query() query: GoalsExportDto, @Res() response: Response): Promise<void> {
    const view = await this.viewOf(query, response);
    await sendCsv(response, `goals-${fileDate(view.asOf)}.csv`, GOAL_COLUMNS, this.everyGoal(query, view), query);
  }

  @Get('goal-history.csv')
  @ApiOperation({
    summary: 'The history of goals, as CSV',
    description:
      'Every event of every goal the filters select (as of `asOf`, as known `knownAt`), goal by goal in `sort` order, each in recording order: ' +
      'both times, actor, reason, what it changed (JSON), and the corrections. The same columns as `GET /v1/goals/{id}/history`.',
  })
  @ApiProduces(CSV)
  @ApiOkResponse({ description: 'The CSV file', headers: EXPORT_HEADERS, content: { [CSV]: { schema: { type: 'string' }, example: 'goalId,revision,position,type,…\r\n' } } })
  @ApiProblems('validation-failed', 'service-unavailable')
  async goalHistoryCsv(@Query() query: GoalsExportDto, @Res() response: Response): Promise<void> {
    const view = await this.viewOf(query, response);
    await sendCsv(response, `goal-history-${fileDate(view.knownAt)}.csv`, GOAL_HISTORY_COLUMNS, this.everyHistory(query, view), query);
  }

  @Get('reviews.csv')
  @ApiOperation({
    summary: 'Quarterly reviews and their assessments, as CSV',
    description:
      'One row per assessment (a review without assessments: one row of its own), with the review it was made in: municipality, quarter, ' +
      'held on, participants (joined with `|`), summary, goal, progress, note, proposed status and whether the proposal was declined; ' +
      'reviews held by `asOf`, as known `knownAt`, in review id order.',
  })
  @ApiProduces(CSV)
  @ApiOkResponse({ description: 'The CSV file', headers: EXPORT_HEADERS, content: { [CSV]: { schema: { type: 'string' }, example: 'reviewId,municipalityId,quarter,…\r\n' } } })
  @ApiProblems('validation-failed', 'service-unavailable')
  async reviewsCsv(@Query() query: ReviewsExportDto, @Res() response: Response): Promise<void> {
    const view = await this.viewOf(query, response, 'reviews', (at) => this.reviews.logPosition(at));
    await sendCsv(response, `reviews-${fileDate(view.asOf)}.csv`, REVIEW_COLUMNS, this.everyAssessment(query, view), query);
  }

  private async *everyAssessment(query: ReviewsExportDto, view: PointOfView): AsyncGenerator<AssessmentRow[]> {
    const filter = { municipalityId: query.municipalityId, quarter: query.quarter, goalId: query.goalId };
    let after: KeysetCursor | undefined;
    do {
      const page = await this.reviews.page(filter, { field: 'id', descending: false }, after, PAGE, view);
      yield page.items.flatMap((review): AssessmentRow[] => (review.snapshot.assessments.length === 0 ? [{ review, assessment: undefined }] : review.snapshot.assessments.map((assessment) => ({ review, assessment }))));
      after = page.next;
    } while (after);
  }

  /** The point of view of an export, named in its headers. */
  private async viewOf(
    query: GoalsExportDto | ReviewsExportDto,
    response: Response,
    readModel = 'goals',
    logPositionAt = (at: PointOfView) => this.goals.logPosition(at),
  ): Promise<PointOfView> {
    // Pinned to the instant it names even without a knownAt: an export reads page after page, and as known
    // "now" each page would be read at its own moment, some rows newer than the headers sent first. So it
    // waits, like any read known at a recent instant, for what the log held when it was asked.
    const now = this.clock();
    await readAtLeast(this.projections, readModel, { minPosition: query.minPosition, knownAt: query.knownAt ?? now.toISOString() }, response);
    const view: PointOfView = { ...pointOfView(query, now), currentKnowledge: false };
    const logPosition = await logPositionAt(view);
    setLogPosition(response, logPosition);
    response.setHeader(TREE_HEAD_HEADER, treeHeadHeader(await this.heads.covering(logPosition, response)));
    response.setHeader('X-As-Of', view.asOf);
    response.setHeader('X-Known-At', view.knownAt);
    return view;
  }

  private async *everyGoal(query: GoalsExportDto, view: PointOfView): AsyncGenerator<GoalView[]> {
    const { sort: requested, asOf: _asOf, knownAt: _knownAt, minPosition: _minPosition, bom: _bom, separator: _separator, ...filter } = query;
    const sort: GoalSort = { field: (requested ?? 'id').replace(/^-/, '') as GoalSortField, descending: requested?.startsWith('-') ?? false };
    let after: GoalCursor | undefined;
    for (;;) {
      const page = await this.goals.list(filter, sort, after, PAGE, view);
      if (page.length > 0) yield page;
      const last = page.at(-1);
      if (page.length < PAGE || !last) return;
      after = { value: sortValueOf(last, sort), id: last.id };
    }
  }

  private async *everyHistory(query: GoalsExportDto, view: PointOfView): AsyncGenerator<GoalHistoryRow[]> {
    for await (const goals of this.everyGoal(query, view)) {
      const rows: GoalHistoryRow[] = [];
      for (const goal of goals) for (const entry of (await this.histories.entries(goal.id, view)) ?? []) rows.push({ goalId: goal.id, ...entry });
      yield rows;
    }
  }
}

/** The date part of an instant, for file names. */
const fileDate = (instant: string): string => instant.slice(0, 10);
