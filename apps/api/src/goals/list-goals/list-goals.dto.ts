import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { GOAL_STATUSES, type GoalStatus } from '#domain';
import { IsIdentifier } from '../../http/validators.js';
import { MinPosition } from '../../projections/min-position.js';

export class ListGoalsDto {
  @ApiPropertyOptional({ example: 'kreis-warendorf' })
  @IsOptional()
  @IsIdentifier()
  municipalityId?: string;

  @ApiPropertyOptional({ example: 'model' })
  @IsOptional()
  @IsIdentifier()
  phaseId?: string;

  @ApiPropertyOptional({ enum: GOAL_STATUSES, example: 'in_progress' })
  @IsOptional()
  @IsIn(GOAL_STATUSES, { message: `status must be one of ${GOAL_STATUSES.join(', ')}` })
  status?: GoalStatus;

  @ApiPropertyOptional({ example: 'bildungsnetzwerk-muessingen-einen-milte' })
  @IsOptional()
  @IsIdentifier()
  themeArea?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'Page size', example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @MinPosition()
  minPosition?: number;
}
