import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { Response } from 'express';
import type { PointOfView } from '#projections';
import { MinPosition } from '../projections/min-position.js';
import { instantOf, IsWorldTime } from './validators.js';

export { instantOf };

const TIME = 'a date (YYYY-MM-DD, meaning the end of that day, UTC) or a date-time with zone offset';

/** The query parameters of every view of state: world time, system time, and a write to wait for. */
export class PointOfViewDto {
  @ApiPropertyOptional({ example: '2015-09-30', description: `World time: only what had happened by then; ${TIME}. Default: now.` })
  @IsOptional()
  @IsWorldTime()
  asOf?: string;

  // No example: the console would fill it in, and any past instant precedes every recording of a young store.
  @ApiPropertyOptional({
    description: `System time: only what had been recorded by then, so that a past report is reproduced exactly; ${TIME}. Default: now. E.g. 2016-01-31T12:00:00Z.`,
  })
  @IsOptional()
  @IsWorldTime()
  knownAt?: string;

  @MinPosition()
  minPosition?: number;
}


/**
 * A given system time as an instant, but never later than now: what will be recorded until a later
 * `knownAt` is not known yet, so an answer for it could change, and the answer names the instant it is
 * reproduced with.
 */
export function knownAtOf(value: string, now: string): string {
  const instant = instantOf(value);
  return instant < now ? instant : now;
}

export function pointOfView({ asOf, knownAt }: Pick<PointOfViewDto, 'asOf' | 'knownAt'>, now: Date): PointOfView {
  const current = now.toISOString();
  return {
    asOf: asOf === undefined ? current : instantOf(asOf),
    knownAt: knownAt === undefined ? current : knownAtOf(knownAt, current),
    currentWorld: asOf === undefined,
    currentKnowledge: knownAt === undefined,
  };
}

/** Every view of state names the log position it reflects, in the body and in this header. */
export function setLogPosition(response: Response, logPosition: number): void {
  response.setHeader('X-Log-Position', String(logPosition));
}

export const LOG_POSITION_HEADER = {
  'X-Log-Position': { description: 'The log position this view reflects: the last event recorded by knownAt that it folds', schema: { type: 'string' } },
};

/** Where a view stands in time, and what of the log it reflects; every view of state names it. */
export class PointOfViewFields {
  @ApiProperty({ example: '2015-09-30T23:59:59.999Z', description: 'World time of the view (what had happened by then)' })
  asOf!: string;

  @ApiProperty({ example: '2026-11-28T10:00:00.000Z', description: 'System time of the view (what had been recorded by then)' })
  knownAt!: string;

  @ApiProperty({ example: 118, description: 'The last log position recorded by knownAt that the view folds; also X-Log-Position' })
  logPosition!: number;
}
