import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SignedTreeHead } from '#integrity';
import type { AppConfig } from '../config/app-config.js';
import { ApiProblems } from '../http/api-docs.js';
import { ValidRequest } from '../http/request-input.decorator.js';
import { APP_CONFIG } from '../storage/storage.module.js';
import { LogTree } from './log-tree.js';
import { PublicKeyDto, SignedTreeHeadDto } from './tree-head.dto.js';
import { TreeHeads } from './tree-heads.js';

@ApiTags('integrity')
@Controller('v1/integrity')
export class IntegrityController {
  constructor(
    private readonly heads: TreeHeads,
    private readonly tree: LogTree,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('tree-head')
  @ApiOperation({
    summary: 'The latest signed tree head',
    description:
      'Issued at least every GOAL_LEDGER_TREE_HEAD_EVENTS events or GOAL_LEDGER_TREE_HEAD_SECONDS seconds. Keep the heads you receive: ' +
      'a later bundle or consistency proof shows the log only grew since.',
  })
  @ApiOkResponse({ type: SignedTreeHeadDto })
  @ApiProblems('validation-failed', 'service-unavailable')
  current(@ValidRequest({}) _input: unknown): Promise<SignedTreeHead> {
    return this.heads.current();
  }

  @Post('tree-head')
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a signed tree head of the whole tree now', description: 'Covers every event the tree has integrated.' })
  @ApiCreatedResponse({ type: SignedTreeHeadDto })
  @ApiProblems('validation-failed', 'service-unavailable')
  issue(@ValidRequest({}) _input: unknown): Promise<SignedTreeHead> {
    return this.heads.issue();
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The public key that verifies the tree heads, with its fingerprint' })
  @ApiOkResponse({ type: PublicKeyDto })
  @ApiProblems('validation-failed')
  publicKey(@ValidRequest({}) _input: unknown): PublicKeyDto {
    const { pem, fingerprint } = this.tree.key.publicKey;
    return { algorithm: 'Ed25519', publicKey: pem, fingerprint, logId: this.config.logId };
  }
}
