import { MinPosition } from '../../projections/min-position.js';

/** Query of GET /v1/goals/{id} (documented by the controller's @ApiQuery decorator). */
export class GetGoalDto {
  @MinPosition()
  minPosition?: number;
}
