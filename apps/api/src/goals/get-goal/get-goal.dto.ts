import { PointOfViewDto } from '../../http/point-of-view.js';

/** Query of GET /v1/goals/{id}. */
export class GetGoalDto extends PointOfViewDto {}
