import { Controller, Res } from '@nestjs/common';
import { REVIEW_CORRECTION_EXAMPLES } from '../http/console-examples.js';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { reviewIdOf } from '#domain';
import { ExecuteCommand } from '../commands/execute-command.js';
import { CORRECTION_DESCRIPTION, CORRECTION_PROBLEMS, CorrectEventDto, toCorrection } from '../corrections/correct-event.dto.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { normaliseWorldTime } from '../http/validators.js';
import { WriteEndpoint } from '../http/write-endpoint.decorator.js';
import { writeResponse } from '../http/write-response.js';
import type { WriteResultDto } from '../http/write-result.dto.js';
import { REVIEW } from './review.aggregate.js';
import { HoldReviewDto } from './review.dto.js';
import { Allow, REGISTRY_WRITERS } from '../access/access.decorator.js';

@ApiTags('reviews')
@Allow(...REGISTRY_WRITERS)
@Controller('v1')
export class ReviewWritesController {
  constructor(private readonly commands: CommandBus) {}

  @WriteEndpoint({
    path: 'municipalities/:id/reviews',
    params: { id: 'kreis-warendorf' },
    creates: true,
    summary: 'Record a quarterly review',
    description:
      'Records QuarterlyReviewHeld: the coordination office\'s review (Quartalsgespräch) with the municipality and an assessment per goal. ' +
      'One review per municipality and quarter (`{municipalityId}-{quarter}` is its id). A proposed status becomes a status change of the ' +
      'goal with the review as its cause, applied shortly after by a process manager (or recorded as declined when the workflow forbids it).',
    body: HoldReviewDto,
    problems: ['municipality-not-found', 'review-already-held', 'review-date-invalid', 'review-goals-invalid'],
  })
  async hold(@ValidRequest({ path: ['id'], body: HoldReviewDto, write: true }) { path, body, write }: RequestInput<HoldReviewDto>, @Res({ passthrough: true }) response: Response): Promise<WriteResultDto> {
    const reviewId = reviewIdOf(path.id, body.quarter);
    const assessments = body.assessments.map((a) => ({ goalId: a.goalId, progress: a.progress, note: a.note ?? '', proposedStatus: a.proposedStatus ?? null }));
    const data = { reviewId, municipalityId: path.id, quarter: body.quarter, heldOn: body.heldOn, participants: body.participants, summary: body.summary ?? '', assessments };
    const command = { type: 'HoldQuarterlyReview', data, occurredAt: normaliseWorldTime(body.heldOn) } as const;
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(REVIEW, command, write)), `/v1/reviews/${encodeURIComponent(reviewId)}`);
  }

  @WriteEndpoint({ path: 'reviews/:id/corrections', params: { id: 'kreis-warendorf-2013-Q2' }, summary: 'Correct a recorded review', description: CORRECTION_DESCRIPTION, body: CorrectEventDto, examples: REVIEW_CORRECTION_EXAMPLES, problems: CORRECTION_PROBLEMS })
  async correct(@ValidRequest({ path: ['id'], body: CorrectEventDto, write: true }) { path, body, write }: RequestInput<CorrectEventDto>, @Res({ passthrough: true }) response: Response): Promise<WriteResultDto> {
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(REVIEW, toCorrection(path.id, body), write)));
  }
}
