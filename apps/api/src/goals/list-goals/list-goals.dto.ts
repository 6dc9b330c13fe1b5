import { GOAL_STATUSES, type GoalStatus } from '#domain';
import { GOAL_SORTS } from '#projections';
import { IdsFilter, OneOfFilter, PageParamsDto, SortParam } from '../../http/list-params.js';

export class ListGoalsDto extends PageParamsDto {
  @IdsFilter('programmeId', 'kekiz', 'Programme ids')
  programmeId?: string[];

  @IdsFilter('municipalityId', 'kreis-warendorf', 'Municipality ids')
  municipalityId?: string[];

  @IdsFilter('phaseId', 'model', 'Phase ids')
  phaseId?: string[];

  @OneOfFilter('status', GOAL_STATUSES, 'in_progress,on_hold')
  status?: GoalStatus[];

  @IdsFilter('themeArea', 'ben', 'Theme area keys')
  themeArea?: string[];

  @IdsFilter('parentGoalId', 'warendorf-praevention', 'Sub-goals of these goals')
  parentGoalId?: string[];

  @SortParam(GOAL_SORTS, '-latestOccurredAt')
  sort?: string;
}
