import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, HttpCode, Inject, Logger, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { SignedTreeHead, VerificationReport } from '#integrity';
import type { AppConfig } from '../config/app-config.js';
import { ApiProblems } from '../http/api-docs.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { APP_CONFIG } from '../storage/storage.module.js';
import { BUNDLE_EXAMPLE, BundleQuery, VerificationReportDto } from './log-check.dto.js';
import { LogCheck } from './log-check.js';
import { LogTree } from './log-tree.js';
import { ConsistencyProofDto, ConsistencyProofQuery, InclusionProofDto, InclusionProofQuery } from './proofs.dto.js';
import { Proofs } from './proofs.js';
import { PublicKeyDto, SignedTreeHeadDto } from './tree-head.dto.js';
import { TreeHeads } from './tree-heads.js';
import { Allow, LOG_READERS } from '../access/access.decorator.js';

const NDJSON = 'application/x-ndjson';
/** Bundle lines sent per write: a million events are not a million writes. */
const LINES_PER_WRITE = 500;

@ApiTags('integrity')
@Allow(...LOG_READERS)
@Controller('v1/integrity')
export class IntegrityController {
  private readonly logger = new Logger('Integrity');

  constructor(
    private readonly heads: TreeHeads,
    private readonly tree: LogTree,
    private readonly proofs: Proofs,
    private readonly check: LogCheck,
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

  @Get('proofs/inclusion')
  @ApiOperation({
    summary: 'Proof that an event is in the tree',
    description:
      'The RFC 9162 audit path of the event at `position` in the tree of `treeSize` events, with a head of that size signed now. ' +
      'Check it with the leaf hash you compute from the event and a root you trust (a signed head you verified).',
  })
  @ApiQuery({ name: 'treeSize', required: false, description: 'Size of the tree (default: the whole tree); a size of a head you hold', example: 20 })
  @ApiQuery({ name: 'position', required: true, description: 'Log position of the event', example: 3 })
  @ApiOkResponse({ type: InclusionProofDto })
  @ApiProblems('validation-failed', 'not-found', 'tree-size-not-reached', 'service-unavailable')
  inclusion(@ValidRequest({ query: InclusionProofQuery }) { query }: RequestInput<never, InclusionProofQuery>): Promise<InclusionProofDto> {
    return this.proofs.inclusion(query.position, query.treeSize);
  }

  @Get('proofs/consistency')
  @ApiOperation({
    summary: 'Proof that an older tree is a prefix of a newer one',
    description: 'The RFC 9162 consistency proof from `from` to `to` events: nothing in the first `from` events was changed, removed or reordered.',
  })
  @ApiQuery({ name: 'to', required: false, description: 'Size of the newer tree (default: the whole tree)', example: 20 })
  @ApiQuery({ name: 'from', required: true, description: 'Size of the older tree, e.g. of a head you kept', example: 10 })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiProblems('validation-failed', 'tree-size-not-reached', 'service-unavailable')
  consistency(@ValidRequest({ query: ConsistencyProofQuery }) { query }: RequestInput<never, ConsistencyProofQuery>): Promise<ConsistencyProofDto> {
    return this.proofs.consistency(query.from, query.to);
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Verify the stored log against its tree',
    description:
      'Recomputes every leaf from the events as stored, in position order, and the root from the leaves; answers the first leaf index ' +
      'and position where they differ from what the tree recorded (an event changed, deleted or moved since). Reads the whole log: ' +
      'the answer starts at once and the report follows when the walk ends (a failure meanwhile cuts it off).',
  })
  @ApiOkResponse({ type: VerificationReportDto })
  @ApiProblems('validation-failed', 'service-unavailable')
  async verify(@ValidRequest({}) _input: unknown, @Res() response: Response): Promise<void> {
    // The walk reads the whole log, which can take longer than the request deadline: the answer starts at
    // once and the report follows when the walk ends. A failure meanwhile cuts the answer off.
    response.status(200).type('application/json');
    response.flushHeaders();
    let report: VerificationReport;
    try {
      report = await this.check.verify();
    } catch (error) {
      this.logger.error(`verify failed: ${String(error)}`);
      response.destroy();
      return;
    }
    response.end(JSON.stringify(report));
  }

  @Get('bundle')
  @ApiOperation({
    summary: 'An offline bundle: the log, a signed tree head and the public key',
    description:
      'NDJSON: a header with a head of `treeSize` events (signed now) and the public key, then one line per event as stored with the leaf ' +
      'hash the tree recorded. Check it without the server: `npm run verify -- <bundle> [--consistent-with <older head> [--older-key <its key>]] [--fingerprint <hex>]`.',
  })
  @ApiQuery({ name: 'treeSize', required: false, description: 'How many events (default: the whole tree), e.g. the size of a head you hold', example: 20 })
  @ApiOkResponse({ description: 'The bundle', content: { [NDJSON]: { schema: { type: 'string', description: 'A header line, then one line per leaf' }, example: BUNDLE_EXAMPLE } } })
  @ApiProblems('validation-failed', 'tree-size-not-reached', 'service-unavailable')
  async bundle(@ValidRequest({ query: BundleQuery }) { query }: RequestInput<never, BundleQuery>, @Res() response: Response): Promise<void> {
    const { treeHead, lines } = await this.check.bundle(query.treeSize);
    response
      .status(200)
      .type(NDJSON)
      .setHeader('Content-Disposition', `attachment; filename="${treeHead.logId}-${treeHead.treeSize}.ndjson"`);
    try {
      await pipeline(Readable.from(batched(lines)), response);
    } catch (error) {
      // A client that hangs up ends the bundle early; anything else is logged, and the client sees a cut-off bundle that does not verify.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.error(`bundle failed: ${String(error)}`);
    }
  }
}

async function* batched(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let batch: string[] = [];
  for await (const line of lines) {
    batch.push(line);
    if (batch.length === LINES_PER_WRITE) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}
