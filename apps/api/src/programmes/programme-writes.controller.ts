import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { PHASE_EXAMPLES, PROGRAMME_CORRECTION_EXAMPLES } from '../http/console-examples.js';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ExecuteCommand } from '../commands/execute-command.js';
import { CORRECTION_DESCRIPTION, CORRECTION_PROBLEMS, CorrectEventDto, toCorrection } from '../corrections/correct-event.dto.js';
import { ApiIfMatchHeader, ApiProblems, ApiWriteHeaders, WRITE_RESPONSE_HEADERS } from '../http/api-docs.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { normaliseWorldTime } from '../http/validators.js';
import { writeResponse } from '../http/write-response.js';
import { WriteResultDto } from '../http/write-result.dto.js';
import { PROGRAMME } from './programme.aggregate.js';
import { ClosePhaseDto, OpenPhaseDto, RegisterProgrammeDto } from './programme.dto.js';
import { Allow, REGISTRY_WRITERS } from '../access/access.decorator.js';

const COMMON = ['validation-failed', 'occurred-in-future', 'backdated-conflict', 'revision-conflict', 'idempotency-key-reused', 'service-unavailable'];
const LOCATION = { Location: { description: 'URL of the new resource', schema: { type: 'string' } }, ...WRITE_RESPONSE_HEADERS };

@ApiTags('programmes')
@Allow(...REGISTRY_WRITERS)
@Controller('v1/programmes')
export class ProgrammeWritesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a programme', description: 'Records ProgrammeRegistered.' })
  @ApiWriteHeaders()
  @ApiBody({ type: RegisterProgrammeDto })
  @ApiCreatedResponse({ type: WriteResultDto, headers: LOCATION })
  @ApiProblems(...COMMON, 'programme-already-exists')
  async register(
    @ValidRequest({ body: RegisterProgrammeDto, write: true }) { body, write }: RequestInput<RegisterProgrammeDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    const command = { type: 'RegisterProgramme', data: { programmeId: body.id, name: body.name }, occurredAt: normaliseWorldTime(body.occurredAt) } as const;
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(PROGRAMME, command, write)), `/v1/programmes/${encodeURIComponent(body.id)}`);
  }

  @Post(':id/phases')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a phase', description: 'Records PhaseOpened. Phases of one programme must not overlap (409 phase-overlaps).' })
  @ApiParam({ name: 'id', example: 'kekiz' })
  @ApiWriteHeaders()
  @ApiIfMatchHeader()
  @ApiBody({ type: OpenPhaseDto, examples: PHASE_EXAMPLES })
  @ApiCreatedResponse({ type: WriteResultDto, headers: LOCATION })
  @ApiProblems(...COMMON, 'programme-not-found', 'phase-already-exists', 'phase-overlaps', 'phase-dates-invalid', 'precondition-failed')
  async openPhase(
    @ValidRequest({ path: ['id'], body: OpenPhaseDto, write: true }) { path, body, write }: RequestInput<OpenPhaseDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    const data = { programmeId: path.id, phaseId: body.id, kind: body.kind, title: body.title, startsOn: body.startsOn, plannedEnd: body.plannedEnd ?? null };
    const command = { type: 'OpenPhase', data, occurredAt: normaliseWorldTime(body.occurredAt) } as const;
    const result = await this.commands.execute(ExecuteCommand.of(PROGRAMME, command, write));
    return writeResponse(response, result, `/v1/programmes/${encodeURIComponent(path.id)}/phases/${encodeURIComponent(body.id)}`);
  }

  @Post(':id/phases/:phaseId/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close a phase',
    description: 'Records PhaseClosed: the phase accepts no new goals after `endedOn`. `occurredAt` is on or before `endedOn`: a closure decided later is recorded backdated.',
  })
  @ApiParam({ name: 'id', example: 'kekiz' })
  @ApiParam({ name: 'phaseId', example: 'model' })
  @ApiWriteHeaders()
  @ApiIfMatchHeader()
  @ApiBody({ type: ClosePhaseDto })
  @ApiOkResponse({ type: WriteResultDto, headers: WRITE_RESPONSE_HEADERS })
  @ApiProblems(...COMMON, 'programme-not-found', 'phase-not-found', 'phase-already-closed', 'phase-overlaps', 'phase-dates-invalid', 'occurred-after-end', 'precondition-failed')
  async closePhase(
    @ValidRequest({ path: ['id', 'phaseId'], body: ClosePhaseDto, write: true }) { path, body, write }: RequestInput<ClosePhaseDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    const command = { type: 'ClosePhase', data: { programmeId: path.id, phaseId: path.phaseId, endedOn: body.endedOn }, occurredAt: normaliseWorldTime(body.occurredAt) } as const;
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(PROGRAMME, command, write)));
  }

  @Post(':id/corrections')
  @HttpCode(200)
  @ApiOperation({ summary: 'Correct a recorded programme event', description: CORRECTION_DESCRIPTION })
  @ApiParam({ name: 'id', example: 'kekiz' })
  @ApiWriteHeaders()
  @ApiIfMatchHeader()
  @ApiBody({ type: CorrectEventDto, examples: PROGRAMME_CORRECTION_EXAMPLES })
  @ApiOkResponse({ type: WriteResultDto, headers: WRITE_RESPONSE_HEADERS })
  @ApiProblems(...CORRECTION_PROBLEMS)
  async correct(
    @ValidRequest({ path: ['id'], body: CorrectEventDto, write: true }) { path, body, write }: RequestInput<CorrectEventDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(PROGRAMME, toCorrection(path.id, body), write)));
  }
}
