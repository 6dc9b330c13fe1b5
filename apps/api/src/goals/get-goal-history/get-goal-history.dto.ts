import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PointOfViewDto } from '../../http/point-of-view.js';

/** Query of GET /v1/goals/{id}/history (documented by the controller's @ApiQuery decorators). */
export class GetGoalHistoryDto extends PointOfViewDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @IsString()
  cursor?: string;
}
