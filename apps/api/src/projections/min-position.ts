import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { instantOf } from '../http/validators.js';
import { ProblemException } from '../problems/problem.exception.js';
import type { ProjectionsService } from './projections.service.js';

export const MIN_POSITION_DESCRIPTION =
  'The `position` a write answered with: the read waits until the read model holds it (read-your-writes on any instance). ' +
  '503 with Retry-After when it does not within the configured wait.';

/**
 * The console fills a parameter's example in when a read is tried: 0 is held by every store, where a
 * position from a larger log would make the try wait and answer 503 on a young one.
 */
export const MIN_POSITION_EXAMPLE = 0;

/** The `minPosition` query parameter of the reads (validation and OpenAPI). */
export function MinPosition(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 0, example: MIN_POSITION_EXAMPLE, description: MIN_POSITION_DESCRIPTION }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
    Max(Number.MAX_SAFE_INTEGER),
  );
}

/** What a read asks of the read models' progress: a write's position, and the system time it is known at. */
export interface ReadProgress {
  readonly minPosition?: number;
  /** The request's `knownAt`, as sent (a date or an instant); absent: as known now. */
  readonly knownAt?: string;
}

/**
 * Waits until `readModel` holds `minPosition` and, for a `knownAt`, every event recorded by then (one it has
 * not applied yet would make the answer change when asked again). A 503 problem with Retry-After when it
 * does not in time.
 */
export async function readAtLeast(projections: ProjectionsService, readModel: string, { minPosition, knownAt }: ReadProgress, response: Response): Promise<void> {
  const recorded = knownAt === undefined ? 0 : await projections.positionRecordedBy(readModel, instantOf(knownAt));
  const position = Math.max(minPosition ?? 0, recorded);
  if (position === 0 || (await projections.waitFor(position, [readModel]))) return;
  response.setHeader('Retry-After', '1');
  throw new ProblemException('service-unavailable', `The read model ${readModel} has not reached position ${position} yet; retry shortly`, {
    minPosition: position,
  });
}
