import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '#domain';
import { EvaluationQueries, evaluateProgramme, type EvaluationAnswer, type EvaluationRequest, type PhaseEvaluation } from '#projections';
import { ApiProblems } from '../http/api-docs.js';
import { CoveringHeads } from '../integrity/covering-heads.js';
import { instantOf, knownAtOf, LOG_POSITION_HEADER, setLogPosition } from '../http/point-of-view.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { readAtLeast, type ReadProgress } from '../projections/min-position.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { CLOCK, type Clock } from '../storage/storage.module.js';
import { PhaseEvaluationDto, PhaseEvaluationQueryDto, ProgrammeEvaluationDto, ProgrammeEvaluationQueryDto, type PhaseSideDto } from './evaluation.dto.js';
import { Allow, LOG_READERS } from '../access/access.decorator.js';

/** The read models an evaluation is gathered from; `minPosition` waits for all of them. */
const READ_MODELS = ['programmes', 'municipalities', 'reviews', 'goals'];

@ApiTags('evaluation')
@Allow(...LOG_READERS)
@Controller('v1/programmes')
export class EvaluationController {
  constructor(
    private readonly evaluations: EvaluationQueries,
    private readonly projections: ProjectionsService,
    private readonly heads: CoveringHeads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/phases/:phaseId/evaluation')
  @ApiQuery({ type: PhaseEvaluationQueryDto })
  @ApiOperation({
    summary: "A phase's evaluation",
    description:
      'Per municipality and theme area: the goals of the phase with their status at `asOf` (default: the end of the phase), counts by status, ' +
      'the reviews held per quarter and the gaps in the quarterly rhythm, the last assessment per goal, goals carried over into a later phase ' +
      'and goals discontinued with their reasons — as known at `knownAt`. Served from the read models; names the log position it reflects.',
  })
  @ApiParam({ name: 'id', example: 'kekiz' })
  @ApiParam({ name: 'phaseId', example: 'model' })
  @ApiOkResponse({ type: PhaseEvaluationDto, headers: LOG_POSITION_HEADER })
  @ApiProblems('validation-failed', 'programme-not-found', 'phase-not-found', 'service-unavailable')
  async phase(
    @ValidRequest({ path: ['id', 'phaseId'], query: PhaseEvaluationQueryDto }) { path, query }: RequestInput<never, PhaseEvaluationQueryDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PhaseEvaluationDto> {
    await this.waitFor(query, response);
    const request = { ...this.requestOf(query), ...(query.asOf === undefined ? {} : { asOf: instantOf(query.asOf) }) };
    const evaluation = found(await this.evaluations.phase(path.id, path.phaseId, request), path.id, path.phaseId);
    setLogPosition(response, evaluation.logPosition);
    const treeHead = await this.heads.covering(evaluation.logPosition, response);
    return { programmeId: path.id, ...side(evaluation), knownAt: evaluation.view.knownAt, logPosition: evaluation.logPosition, treeHead };
  }

  @Get(':id/evaluation')
  @ApiQuery({ type: ProgrammeEvaluationQueryDto })
  @ApiOperation({
    summary: "A programme's phases side by side",
    description:
      'Every phase of the programme evaluated at its own end (model phase beside roll-out), with the same figures as the phase evaluation, ' +
      'and for each goal carried from one phase into another its status at the end of each phase — as known at `knownAt`.',
  })
  @ApiParam({ name: 'id', example: 'kekiz' })
  @ApiOkResponse({ type: ProgrammeEvaluationDto, headers: LOG_POSITION_HEADER })
  @ApiProblems('validation-failed', 'programme-not-found', 'service-unavailable')
  async programme(
    @ValidRequest({ path: ['id'], query: ProgrammeEvaluationQueryDto }) { path, query }: RequestInput<never, ProgrammeEvaluationQueryDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProgrammeEvaluationDto> {
    await this.waitFor(query, response);
    const request = this.requestOf(query);
    const evaluation = found(await evaluateProgramme(this.evaluations, path.id, request), path.id);
    setLogPosition(response, evaluation.logPosition);
    const treeHead = await this.heads.covering(evaluation.logPosition, response);
    return { programmeId: path.id, knownAt: request.knownAt, logPosition: evaluation.logPosition, treeHead, phases: evaluation.phases.map(side), carriedOver: [...evaluation.carriedOver] as ProgrammeEvaluationDto['carriedOver'] };
  }

  private requestOf(query: ProgrammeEvaluationQueryDto): EvaluationRequest {
    const now = this.clock().toISOString();
    return { knownAt: query.knownAt === undefined ? now : knownAtOf(query.knownAt, now), currentKnowledge: query.knownAt === undefined, now };
  }

  private async waitFor(progress: ReadProgress, response: Response): Promise<void> {
    for (const readModel of READ_MODELS) await readAtLeast(this.projections, readModel, progress, response);
  }
}

function side(evaluation: PhaseEvaluation): PhaseSideDto {
  const { phase, view, totals, municipalities } = evaluation;
  return { phase, asOf: view.asOf, totals, municipalities: municipalities as PhaseSideDto['municipalities'] };
}

function found<T>(answer: EvaluationAnswer<T>, programmeId: string, phaseId?: string): T {
  if ('found' in answer) return answer.found;
  if (answer.missing === 'programme') throw new DomainError('programme-not-found', `Programme ${programmeId} does not exist as known at the evaluation's knownAt`, { programmeId });
  throw new DomainError('phase-not-found', `Programme ${programmeId} has no phase ${phaseId ?? ''} as known at the evaluation's knownAt`, { programmeId, phaseId });
}
