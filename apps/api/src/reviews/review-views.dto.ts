import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { GOAL_STATUSES, PROGRESS, QUARTER, type GoalStatus, type Progress } from '#domain';
import { REVIEW_SORTS } from '#projections';
import { CommaList, IdsFilter, PageFields, PageParamsDto, SortParam } from '../http/list-params.js';
import { PointOfViewFields } from '../http/point-of-view.js';
import { StreamFieldsDto } from '../http/stream-fields.dto.js';

export class ListReviewsDto extends PageParamsDto {
  @ApiPropertyOptional({ type: String, example: '2013-Q2,2013-Q3', description: 'One or more quarters, comma-separated' })
  @IsOptional()
  @CommaList()
  @Matches(QUARTER, { each: true, message: 'each quarter must be a quarter like 2013-Q2' })
  quarter?: string[];

  @IdsFilter('goalId', 'warendorf-netzwerk', 'Reviews that assessed these goals')
  goalId?: string[];

  @SortParam(REVIEW_SORTS, '-quarter')
  sort?: string;
}

export class ReviewAssessmentDto {
  @ApiProperty({ example: 'warendorf-netzwerk' })
  goalId!: string;

  @ApiProperty({ enum: PROGRESS, example: 'on_track' })
  progress!: Progress;

  @ApiProperty({ example: 'Kooperationsvereinbarung mit den Grundschulen unterzeichnet' })
  note!: string;

  @ApiProperty({ enum: GOAL_STATUSES, nullable: true, example: 'in_progress', description: 'The status the review proposed for the goal, if any' })
  proposedStatus!: GoalStatus | null;
}

class ReviewOwnFieldsDto {
  @ApiProperty({ example: 'kreis-warendorf-2013-Q2', description: '{municipalityId}-{quarter}' })
  id!: string;

  @ApiProperty({ example: 'kreis-warendorf' })
  municipalityId!: string;

  @ApiProperty({ example: '2013-Q2' })
  quarter!: string;

  @ApiProperty({ example: '2013-06-20', format: 'date' })
  heldOn!: string;

  @ApiProperty({ type: [String], example: ['Landeskoordinierungsstelle KeKiZ', 'Amt für Kinder, Jugendliche und Familien'] })
  participants!: readonly string[];

  @ApiProperty({ example: 'Stand der Umsetzung der Ziele aus den Zielkonkretisierungs-Workshops' })
  summary!: string;

  @ApiProperty({ type: [ReviewAssessmentDto] })
  assessments!: readonly ReviewAssessmentDto[];

  @ApiProperty({ type: [String], example: [], description: 'Goals whose proposed status could not be applied (the review\'s StatusProposalDeclined events name why)' })
  declinedProposals!: readonly string[];
}

export class ReviewFieldsDto extends IntersectionType(ReviewOwnFieldsDto, StreamFieldsDto) {}

/** One review, with the point of view it is shown from. */
export class ReviewDto extends IntersectionType(ReviewFieldsDto, PointOfViewFields) {}

export class ReviewPageDto extends PageFields {
  @ApiProperty({ example: 'kreis-warendorf' })
  municipalityId!: string;

  @ApiProperty({ type: [ReviewFieldsDto] })
  items!: readonly ReviewFieldsDto[];
}
