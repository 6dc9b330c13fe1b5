import { IntersectionType, OmitType, PickType } from '@nestjs/swagger';
import { CsvOptionsDto } from '../http/csv-response.js';
import { ListGoalsDto } from '../goals/list-goals/list-goals.dto.js';
import { IdsFilter } from '../http/list-params.js';
import { ListReviewsDto } from '../reviews/review-views.dto.js';

/** The goals of an export: the list's filters, sort and point of view, without its paging. */
export class GoalsExportDto extends IntersectionType(OmitType(ListGoalsDto, ['limit', 'cursor'] as const), CsvOptionsDto) {}

/** The reviews of an export: of one or more municipalities and quarters, at a point of view. */
export class ReviewsExportDto extends IntersectionType(PickType(ListReviewsDto, ['asOf', 'knownAt', 'minPosition', 'quarter', 'goalId'] as const), CsvOptionsDto) {
  @IdsFilter('municipalityId', 'kreis-warendorf', 'Reviews of these municipalities')
  municipalityId?: string[];
}
