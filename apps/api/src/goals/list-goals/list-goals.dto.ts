import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { GOAL_STATUSES, type GoalStatus } from '#domain';
import { GOAL_SORTS } from '#projections';
import { CommaList, IdentifierList, PageCursor, PageLimit } from '../../http/list-params.js';
import { PointOfViewDto } from '../../http/point-of-view.js';

const SORTS = GOAL_SORTS.flatMap((field) => [field, `-${field}`]);

export class ListGoalsDto extends PointOfViewDto {
  @ApiPropertyOptional({ type: String, example: 'kekiz', description: 'One or more programme ids, comma-separated' })
  @IdentifierList('programmeId')
  programmeId?: string[];

  @ApiPropertyOptional({ type: String, example: 'kreis-warendorf', description: 'One or more municipality ids, comma-separated' })
  @IdentifierList('municipalityId')
  municipalityId?: string[];

  @ApiPropertyOptional({ type: String, example: 'model', description: 'One or more phase ids, comma-separated' })
  @IdentifierList('phaseId')
  phaseId?: string[];

  @ApiPropertyOptional({ type: String, example: 'in_progress,on_hold', description: `One or more of ${GOAL_STATUSES.join(', ')}, comma-separated` })
  @IsOptional()
  @CommaList()
  @IsIn(GOAL_STATUSES, { each: true, message: `each status must be one of ${GOAL_STATUSES.join(', ')}` })
  status?: GoalStatus[];

  @ApiPropertyOptional({ type: String, example: 'ben', description: 'One or more theme area keys, comma-separated' })
  @IdentifierList('themeArea')
  themeArea?: string[];

  @ApiPropertyOptional({ type: String, example: 'warendorf-praevention', description: 'Sub-goals of one or more goals, comma-separated' })
  @IdentifierList('parentGoalId')
  parentGoalId?: string[];

  @ApiPropertyOptional({ enum: SORTS, default: 'id', example: '-latestOccurredAt', description: 'Order of the list; `-` for descending; ties in id order' })
  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of ${SORTS.join(', ')}` })
  sort?: string;

  @PageLimit(50, 200)
  limit?: number;

  @PageCursor()
  cursor?: string;
}
