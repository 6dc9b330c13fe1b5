import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { GOAL_STATUSES, PROGRESS, type GoalStatus, type Progress } from '#domain';
import { PointOfViewFields } from '../http/point-of-view.js';

export { WriteResultDto } from '../http/write-result.dto.js';
export { LOG_POSITION_HEADER } from '../http/point-of-view.js';

/** A goal as a view shows it (in a list, the point of view is the page's). */
export class GoalFieldsDto {
  @ApiProperty({ example: 'warendorf-ben-kooperationsverbund' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'kekiz', description: 'Null only for goals recorded before goals named their programme' })
  programmeId!: string | null;

  @ApiProperty({ example: 'kreis-warendorf' })
  municipalityId!: string;

  @ApiProperty({ example: 'model' })
  phaseId!: string;

  @ApiProperty({ example: 'ben' })
  themeArea!: string;

  @ApiProperty({ example: 'Bildungs- und Erziehungsnetzwerk in den Sozialräumen Müssingen, Einen und Milte' })
  title!: string;

  @ApiProperty({ example: 'Kitas, Schulen und Beratungsstellen arbeiten in einem Netzwerk zusammen.' })
  description!: string;

  @ApiProperty({ type: String, nullable: true, example: '2015-09-30' })
  targetDate!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Zielkonkretisierungs-Workshop Herbst 2012' })
  source!: string | null;

  @ApiProperty({ type: [String], example: ['muessingen', 'einen', 'milte'] })
  socialSpaceIds!: readonly string[];

  @ApiProperty({ type: String, nullable: true, example: null })
  parentGoalId!: string | null;

  @ApiProperty({ enum: GOAL_STATUSES, example: 'in_progress' })
  status!: GoalStatus;

  @ApiProperty({ example: '2014-06-30T00:00:00.000Z', description: 'World time of the latest event that had happened by asOf' })
  latestOccurredAt!: string;

  @ApiProperty({ example: '2012-10-15T00:00:00.000Z', description: 'World time of the formulation' })
  formulatedAt!: string;

  @ApiProperty({ example: '2014-07-02T09:14:03.120Z', description: 'System time of the latest event recorded by knownAt' })
  updatedAt!: string;

  @ApiProperty({ example: 3, description: 'Stream revision as known at knownAt; the ETag' })
  revision!: number;

  @ApiProperty({ example: 118, description: 'Log position of that latest event' })
  position!: number;
}

/** One goal, with the point of view it is shown from. */
export class GoalDto extends IntersectionType(GoalFieldsDto, PointOfViewFields) {}

export class GoalPageDto extends PointOfViewFields {
  @ApiProperty({ type: [GoalFieldsDto] })
  items!: readonly GoalFieldsDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class FieldChangeDto {
  @ApiProperty({ example: 'status' })
  field!: string;

  @ApiProperty({ example: 'in_progress', nullable: true })
  from!: unknown;

  @ApiProperty({ example: 'largely_implemented', nullable: true })
  to!: unknown;
}

export class CorrectionDto {
  @ApiProperty({ example: 7 })
  revision!: number;

  @ApiProperty({ enum: ['EventSuperseded', 'EventRetracted'], example: 'EventSuperseded' })
  type!: string;

  @ApiProperty({ example: '2014-02-01T09:00:00.000Z' })
  recordedAt!: string;

  @ApiProperty({ example: 'Laut Protokoll fand das Gespräch am 15. April 2013 statt' })
  reason!: string;
}

export class HistoryEntryDto {
  @ApiProperty({ example: '0190f5a2-7c1e-7cc3-9d0e-3f6f0c2b8a12' })
  eventId!: string;

  @ApiProperty({ example: 'GoalStatusChanged' })
  type!: string;

  @ApiProperty({ example: 2 })
  revision!: number;

  @ApiProperty({ example: 97 })
  position!: number;

  @ApiProperty({ example: '2013-06-01T00:00:00.000Z', description: 'World time as recorded with the event' })
  occurredAt!: string;

  @ApiProperty({ example: '2013-04-15T00:00:00.000Z', description: 'World time it counts at (the corrected one, when a correction moved it)' })
  effectiveOccurredAt!: string;

  @ApiProperty({ example: '2013-06-03T08:30:00.000Z' })
  recordedAt!: string;

  @ApiProperty({ example: 'coordination-office@kekiz.nrw' })
  actor!: string;

  @ApiProperty({ example: '8f0c…' })
  correlationId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The event that caused this one, e.g. a quarterly review proposing a status' })
  causationId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Quartalsgespräch 2015-Q3: weitestgehend umgesetzt', description: 'The reason recorded with the event' })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Quartalsgespräch 2015-Q3: weitestgehend umgesetzt', description: 'The reason it counts with: the corrected one when a correction replaced it, null once retracted' })
  effectiveReason!: string | null;

  @ApiProperty({ type: [FieldChangeDto], description: 'What the event changed in the corrected history as known at knownAt' })
  changes!: readonly FieldChangeDto[];

  @ApiProperty({ type: CorrectionDto, nullable: true, description: 'The correction of this event recorded by knownAt, if any' })
  correctedBy!: CorrectionDto | null;

  @ApiProperty({ type: Number, nullable: true, description: 'For a correction: the revision it corrects' })
  corrects!: number | null;
}

export class GoalAssessmentDto {
  @ApiProperty({ example: 'kreis-warendorf-2013-Q2' })
  reviewId!: string;

  @ApiProperty({ example: '2013-Q2' })
  quarter!: string;

  @ApiProperty({ example: '2013-06-20', format: 'date' })
  heldOn!: string;

  @ApiProperty({ enum: PROGRESS, example: 'on_track' })
  progress!: Progress;

  @ApiProperty({ example: 'Kooperationsvereinbarung mit den Grundschulen unterzeichnet' })
  note!: string;

  @ApiProperty({ enum: GOAL_STATUSES, nullable: true, example: null, description: 'The status the review proposed; it shows among the items as a status change caused by the review' })
  proposedStatus!: GoalStatus | null;

  @ApiProperty({ example: '2013-06-21T08:02:11.000Z', description: "System time of the review's latest event recorded by knownAt" })
  recordedAt!: string;

  @ApiProperty({ example: 131, description: 'Log position of that event' })
  position!: number;
}

export class GoalHistoryPageDto extends PointOfViewFields {
  @ApiProperty({ example: 'warendorf-netzwerk-muessingen' })
  goalId!: string;

  @ApiProperty({ type: [HistoryEntryDto] })
  items!: readonly HistoryEntryDto[];

  @ApiProperty({ type: [GoalAssessmentDto], description: "The goal's assessments in quarterly reviews held by asOf, as known at knownAt, by quarter" })
  assessments!: readonly GoalAssessmentDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
