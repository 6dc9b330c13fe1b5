import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ApiKey } from '#domain';
import { ExecuteCommand, type WriteResult } from '../commands/execute-command.js';
import { ApiProblems, ApiWriteHeaders, WRITE_RESPONSE_HEADERS } from '../http/api-docs.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { normaliseWorldTime } from '../http/validators.js';
import { writeResponse } from '../http/write-response.js';
import { WriteResultDto } from '../http/write-result.dto.js';
import { ProblemException } from '../problems/problem.exception.js';
import { CLOCK, type Clock } from '../storage/storage.module.js';
import { Allow } from './access.decorator.js';
import { API_KEY } from './api-key.aggregate.js';
import { ApiKeyDto, IssuedApiKeyDto, IssueApiKeyDto, RevokeApiKeyDto } from './api-key.dto.js';
import { ApiKeyRegistry } from './api-key-registry.js';
import { hashOf, newApiKey, visiblePrefixOf } from './api-key-secrets.js';

const WRITE = ['validation-failed', 'revision-conflict', 'idempotency-key-reused', 'service-unavailable'];

@ApiTags('admin')
@Allow('admin')
@Controller('v1/admin/api-keys')
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly keys: ApiKeyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Issue an API key',
    description: 'Records ApiKeyIssued with the SHA-256 of a new random key, and answers the key itself — the only time it is shown.',
  })
  @ApiWriteHeaders()
  @ApiBody({ type: IssueApiKeyDto })
  @ApiCreatedResponse({ type: IssuedApiKeyDto, headers: WRITE_RESPONSE_HEADERS })
  @ApiProblems(...WRITE, 'api-key-shown-once')
  async issue(
    @ValidRequest({ body: IssueApiKeyDto, write: true }) { body, write }: RequestInput<IssueApiKeyDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IssuedApiKeyDto> {
    const now = this.clock().toISOString();
    const expiresAt = body.expiresAt == null ? null : normaliseWorldTime(body.expiresAt);
    if (expiresAt !== null && expiresAt <= now) {
      throw ProblemException.validation([{ location: 'body', field: 'expiresAt', messages: ['expiresAt must lie in the future'] }]);
    }
    if (body.role !== 'municipality_editor' && body.municipalityId !== undefined) {
      throw ProblemException.validation([{ location: 'body', field: 'municipalityId', messages: ['municipalityId is for municipality_editor keys only'] }]);
    }
    const key = newApiKey();
    const data = { keyId: randomUUID(), name: body.name, role: body.role, municipalityId: body.municipalityId ?? null, expiresAt, hash: hashOf(key), prefix: visiblePrefixOf(key) };
    const result = await this.commands.execute(ExecuteCommand.of(API_KEY, { type: 'IssueApiKey', data, occurredAt: now }, write));
    // A repeated request did not issue this secret: the first one issued another, whose key was shown once.
    if (result.replayed) throw await this.shownOnce(result);
    const { revision, position } = writeResponse(response, result, `/v1/admin/api-keys/${data.keyId}`);
    return { ...view({ ...data, issuedAt: now, revokedAt: null }), key, revision, position };
  }

  @Get()
  @ApiOperation({ summary: 'Every API key ever issued, revoked ones included', description: 'Name, role, municipality, expiry and the first characters of each key; never the key.' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  @ApiProblems('validation-failed', 'service-unavailable')
  async list(@ValidRequest({}) _input: RequestInput): Promise<ApiKeyDto[]> {
    return (await this.keys.list()).map(view);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key', description: 'Records ApiKeyRevoked; every instance refuses the key from the next request on.' })
  @ApiParam({ name: 'id', example: '0190c7a2-6f1e-7b3c-9d4e-5f6a7b8c9d0e' })
  @ApiWriteHeaders()
  @ApiBody({ type: RevokeApiKeyDto })
  @ApiOkResponse({ type: WriteResultDto, headers: WRITE_RESPONSE_HEADERS })
  @ApiProblems(...WRITE, 'api-key-not-found', 'api-key-already-revoked')
  async revoke(
    @ValidRequest({ path: ['id'], body: RevokeApiKeyDto, write: true }) { path, body, write }: RequestInput<RevokeApiKeyDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    const command = { type: 'RevokeApiKey', data: { keyId: path.id, reason: body.reason }, occurredAt: this.clock().toISOString() } as const;
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(API_KEY, command, write)));
  }

  private async shownOnce({ revision, position }: WriteResult): Promise<ProblemException> {
    const issued = await this.keys.issuedAt(revision);
    const key = issued ? `key ${issued.keyId} (${issued.prefix}…)` : 'a key';
    return new ProblemException('api-key-shown-once', `The first request with this Idempotency-Key issued ${key}, shown in its answer only; if that answer was lost, revoke the key and issue a new one`, {
      keyId: issued?.keyId ?? null,
      revision,
      position,
    });
  }
}

function view(key: ApiKey): ApiKeyDto {
  return { id: key.keyId, name: key.name, role: key.role, municipalityId: key.municipalityId, expiresAt: key.expiresAt, prefix: key.prefix, issuedAt: key.issuedAt, revokedAt: key.revokedAt };
}
