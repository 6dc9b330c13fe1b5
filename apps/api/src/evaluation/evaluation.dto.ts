import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { GOAL_STATUSES, PROGRESS, type GoalStatus, type Progress } from '#domain';
import { IsWorldTime } from '../http/validators.js';
import { SignedTreeHeadDto } from '../integrity/tree-head.dto.js';
import { MinPosition } from '../projections/min-position.js';
import { PhaseDto } from '../programmes/programme-views.dto.js';

const TIME = 'a date (YYYY-MM-DD, meaning the end of that day, UTC) or a date-time with zone offset';

export class ProgrammeEvaluationQueryDto {
  // No example: the console would fill it in, and any past instant precedes every recording of a young store.
  @ApiPropertyOptional({ description: `System time: only what had been recorded by then, so that a report is reproduced exactly; ${TIME}. Default: now. E.g. 2026-11-01T00:00:00Z.` })
  @IsOptional()
  @IsWorldTime()
  knownAt?: string;

  @MinPosition()
  minPosition?: number;
}

export class PhaseEvaluationQueryDto extends ProgrammeEvaluationQueryDto {
  @ApiPropertyOptional({ example: '2015-09-30', description: `World time of the evaluation; ${TIME}. Default: the end of the phase (its actual end, else its planned end; now for an open-ended phase).` })
  @IsOptional()
  @IsWorldTime()
  asOf?: string;
}

const statusCounts = Object.fromEntries(GOAL_STATUSES.map((status) => [status, { type: 'integer' as const, example: status === 'largely_implemented' ? 3 : 0 }]));

export class LastAssessmentDto {
  @ApiProperty({ example: 'kreis-warendorf-2015-Q3' })
  reviewId!: string;

  @ApiProperty({ example: '2015-Q3' })
  quarter!: string;

  @ApiProperty({ example: '2015-09-22', format: 'date' })
  heldOn!: string;

  @ApiProperty({ enum: PROGRESS, example: 'achieved' })
  progress!: Progress;

  @ApiProperty({ example: 'Netzwerk arbeitet verstetigt' })
  note!: string;
}

export class GoalOutcomeDto {
  @ApiProperty({ example: 'warendorf-netzwerk' })
  id!: string;

  @ApiProperty({ example: 'Bildungs- und Erziehungsnetzwerk in Müssingen, Einen und Milte' })
  title!: string;

  @ApiProperty({ enum: GOAL_STATUSES, example: 'largely_implemented', description: 'Status at asOf' })
  status!: GoalStatus;

  @ApiProperty({ type: LastAssessmentDto, nullable: true, description: 'Its assessment in the latest review of the phase by asOf' })
  lastAssessment!: LastAssessmentDto | null;

  @ApiProperty({ type: String, nullable: true, example: 'rollout', description: 'The phase it was carried over into (as known at knownAt)' })
  carriedOverTo!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'For a discontinued goal: the reason given' })
  discontinuedReason!: string | null;
}

export class ThemeAreaOutcomeDto {
  @ApiProperty({ example: 'bildungsnetzwerk-muessingen-einen-milte' })
  themeArea!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Bildungsnetzwerk Müssingen, Einen, Milte', description: 'Null for a key the registry does not list' })
  title!: string | null;

  @ApiProperty({ type: 'object', properties: statusCounts, description: 'Goals per status, every status named' })
  byStatus!: Record<GoalStatus, number>;

  @ApiProperty({ type: [GoalOutcomeDto] })
  goals!: GoalOutcomeDto[];
}

export class HeldReviewDto {
  @ApiProperty({ example: '2013-Q2' })
  quarter!: string;

  @ApiProperty({ example: 'kreis-warendorf-2013-Q2' })
  reviewId!: string;

  @ApiProperty({ example: '2013-06-20', format: 'date' })
  heldOn!: string;
}

export class ReviewRhythmDto {
  @ApiProperty({ example: 12, description: 'Quarters of the enrolment in the phase whose review period (quarter + 42 days) was over by asOf' })
  expectedQuarters!: number;

  @ApiProperty({ type: [HeldReviewDto] })
  held!: HeldReviewDto[];

  @ApiProperty({ type: [String], example: ['2014-Q1'], description: 'Due quarters without a review: gaps in the quarterly rhythm' })
  missingQuarters!: string[];
}

export class EnrolmentSpanDto {
  @ApiProperty({ example: '2012-01-01', format: 'date' })
  from!: string;

  @ApiProperty({ type: String, nullable: true, example: null, format: 'date' })
  until!: string | null;
}

export class MunicipalityOutcomeDto {
  @ApiProperty({ example: 'kreis-warendorf' })
  municipalityId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Kreis Warendorf', description: 'Null when it has goals in the phase but no enrolment at asOf' })
  name!: string | null;

  @ApiProperty({ type: EnrolmentSpanDto, nullable: true, description: 'Its latest enrolment in the phase' })
  enrolment!: EnrolmentSpanDto | null;

  @ApiProperty({ type: [EnrolmentSpanDto], description: 'Every enrolment in the phase, earliest first: one that left the phase and joined again has several, and owed reviews in each' })
  enrolments!: EnrolmentSpanDto[];

  @ApiProperty({ type: 'object', properties: statusCounts })
  byStatus!: Record<GoalStatus, number>;

  @ApiProperty({ type: ReviewRhythmDto })
  reviews!: ReviewRhythmDto;

  @ApiProperty({ type: [ThemeAreaOutcomeDto] })
  themeAreas!: ThemeAreaOutcomeDto[];
}

export class PhaseTotalsDto {
  @ApiProperty({ example: 18 })
  municipalities!: number;

  @ApiProperty({ example: 64 })
  goals!: number;

  @ApiProperty({ type: 'object', properties: statusCounts })
  byStatus!: Record<GoalStatus, number>;

  @ApiProperty({ example: 190 })
  reviewsHeld!: number;

  @ApiProperty({ example: 4 })
  missingReviews!: number;

  @ApiProperty({ example: 20 })
  carriedOver!: number;

  @ApiProperty({ example: 2 })
  discontinued!: number;
}

export class PhaseEvaluationDto {
  @ApiProperty({ example: 'kekiz' })
  programmeId!: string;

  @ApiProperty({ type: PhaseDto })
  phase!: PhaseDto;

  @ApiProperty({ example: '2015-09-30T23:59:59.999Z', description: 'World time of the evaluation' })
  asOf!: string;

  @ApiProperty({ example: '2026-11-28T10:00:00.000Z', description: 'System time of the evaluation' })
  knownAt!: string;

  @ApiProperty({ example: 1180, description: 'The last log position recorded by knownAt that the read models behind it fold; also X-Log-Position' })
  logPosition!: number;

  @ApiProperty({ type: PhaseTotalsDto })
  totals!: PhaseTotalsDto;

  @ApiProperty({ type: SignedTreeHeadDto, description: 'The head of the smallest tree holding every event up to logPosition, stamped with the recording time of that event (so the same view names the same head). Rebuild the evaluation from a bundle of that size (GET /v1/integrity/bundle?treeSize=) to check it' })
  treeHead!: SignedTreeHeadDto;

  @ApiProperty({ type: [MunicipalityOutcomeDto], description: 'Enrolled municipalities and those with goals in the phase, by id' })
  municipalities!: MunicipalityOutcomeDto[];
}

export class PhaseStatusDto {
  @ApiProperty({ example: 'model' })
  phaseId!: string;

  @ApiProperty({ enum: GOAL_STATUSES, nullable: true, example: 'largely_implemented', description: "Status at the phase's end; null where the goal was not in the phase" })
  status!: GoalStatus | null;
}

export class CarriedGoalDto {
  @ApiProperty({ example: 'warendorf-netzwerk' })
  goalId!: string;

  @ApiProperty({ example: 'kreis-warendorf' })
  municipalityId!: string;

  @ApiProperty({ example: 'Bildungs- und Erziehungsnetzwerk' })
  title!: string;

  @ApiProperty({ type: [PhaseStatusDto], description: "Per phase, in the programme's order" })
  statusAtPhaseEnd!: PhaseStatusDto[];
}

export class PhaseSideDto extends OmitType(PhaseEvaluationDto, ['programmeId', 'knownAt', 'logPosition', 'treeHead'] as const) {}

export class ProgrammeEvaluationDto {
  @ApiProperty({ example: 'kekiz' })
  programmeId!: string;

  @ApiProperty({ example: '2026-11-28T10:00:00.000Z' })
  knownAt!: string;

  @ApiProperty({ example: 1180 })
  logPosition!: number;

  @ApiProperty({ type: SignedTreeHeadDto, description: 'The head of the smallest tree holding every event up to logPosition, stamped with the recording time of that event (so the same view names the same head). Rebuild the evaluation from a bundle of that size (GET /v1/integrity/bundle?treeSize=) to check it' })
  treeHead!: SignedTreeHeadDto;

  @ApiProperty({ type: [PhaseSideDto], description: 'Every phase at its own end, in the order of their start' })
  phases!: PhaseSideDto[];

  @ApiProperty({ type: [CarriedGoalDto], description: 'Goals carried from one phase into another' })
  carriedOver!: CarriedGoalDto[];
}
