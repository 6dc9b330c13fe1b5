import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { GOAL_STATUSES, IDENTIFIER, IDENTIFIER_RULE, type GoalStatus } from '#domain';
import { GOAL_SORTS } from '#projections';
import { PointOfViewDto } from '../../http/point-of-view.js';

/** `a,b` and repeated parameters alike become a list. */
const list = () => Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value));
const ids = (name: string) => Matches(IDENTIFIER, { each: true, message: `each of ${name} must be ${IDENTIFIER_RULE}` });
const SORTS = GOAL_SORTS.flatMap((field) => [field, `-${field}`]);

export class ListGoalsDto extends PointOfViewDto {
  @ApiPropertyOptional({ type: String, example: 'kekiz', description: 'One or more programme ids, comma-separated' })
  @IsOptional()
  @list()
  @ids('programmeId')
  programmeId?: string[];

  @ApiPropertyOptional({ type: String, example: 'kreis-warendorf', description: 'One or more municipality ids, comma-separated' })
  @IsOptional()
  @list()
  @ids('municipalityId')
  municipalityId?: string[];

  @ApiPropertyOptional({ type: String, example: 'model', description: 'One or more phase ids, comma-separated' })
  @IsOptional()
  @list()
  @ids('phaseId')
  phaseId?: string[];

  @ApiPropertyOptional({ type: String, example: 'in_progress,on_hold', description: `One or more of ${GOAL_STATUSES.join(', ')}, comma-separated` })
  @IsOptional()
  @list()
  @IsIn(GOAL_STATUSES, { each: true, message: `each status must be one of ${GOAL_STATUSES.join(', ')}` })
  status?: GoalStatus[];

  @ApiPropertyOptional({ type: String, example: 'ben', description: 'One or more theme area keys, comma-separated' })
  @IsOptional()
  @list()
  @ids('themeArea')
  themeArea?: string[];

  @ApiPropertyOptional({ type: String, example: 'warendorf-praevention', description: 'Sub-goals of one or more goals, comma-separated' })
  @IsOptional()
  @list()
  @ids('parentGoalId')
  parentGoalId?: string[];

  @ApiPropertyOptional({ enum: SORTS, default: 'id', example: '-latestOccurredAt', description: 'Order of the list; `-` for descending; ties in id order' })
  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of ${SORTS.join(', ')}` })
  sort?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'Page size', example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (with the same filters, sort and point of view)' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
