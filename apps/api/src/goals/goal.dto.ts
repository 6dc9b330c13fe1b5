import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GOAL_STATUSES, type GoalStatus } from '#domain';

export { WriteResultDto } from '../http/write-result.dto.js';

export class GoalDto {
  @ApiProperty({ example: 'warendorf-netzwerk-muessingen' })
  id!: string;

  @ApiProperty({ example: 'kreis-warendorf' })
  municipalityId!: string;

  @ApiProperty({ example: 'model' })
  phaseId!: string;

  @ApiProperty({ example: 'bildungsnetzwerk-muessingen-einen-milte' })
  themeArea!: string;

  @ApiProperty({ example: 'Bildungs- und Erziehungsnetzwerk in den Sozialräumen Müssingen, Einen und Milte' })
  title!: string;

  @ApiProperty({ example: 'Kitas, Schulen und Beratungsstellen arbeiten in einem Netzwerk zusammen.' })
  description!: string;

  @ApiProperty({ type: String, nullable: true, example: '2015-09-30' })
  targetDate!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Zielkonkretisierungs-Workshop Herbst 2012' })
  source!: string | null;

  @ApiProperty({ enum: GOAL_STATUSES, example: 'in_progress' })
  status!: GoalStatus;

  @ApiProperty({ example: '2012-10-15T00:00:00.000Z', description: 'World time of the formulation' })
  formulatedAt!: string;

  @ApiProperty({ example: '2014-06-30T00:00:00.000Z', description: 'World time of the latest event' })
  latestOccurredAt!: string;

  @ApiProperty({ example: '2014-07-02T09:14:03.120Z', description: 'System time of the latest event' })
  updatedAt!: string;

  @ApiProperty({ example: 3, description: 'Stream revision; the ETag' })
  revision!: number;

  @ApiProperty({ example: 118 })
  position!: number;
}

export class GoalPageDto {
  @ApiProperty({ type: [GoalDto] })
  items!: GoalDto[];

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

export class HistoryEntryDto {
  @ApiProperty({ example: '0190f5a2-7c1e-7cc3-9d0e-3f6f0c2b8a12' })
  eventId!: string;

  @ApiProperty({ enum: ['GoalFormulated', 'GoalRevised', 'GoalStatusChanged'], example: 'GoalStatusChanged' })
  type!: string;

  @ApiProperty({ example: 2 })
  revision!: number;

  @ApiProperty({ example: 97 })
  position!: number;

  @ApiProperty({ example: '2015-09-30T00:00:00.000Z' })
  occurredAt!: string;

  @ApiProperty({ example: '2015-10-05T08:30:00.000Z' })
  recordedAt!: string;

  @ApiProperty({ example: 'coordination-office@kekiz.nrw' })
  actor!: string;

  @ApiProperty({ example: '8f0c…' })
  correlationId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Quartalsgespräch 2015-Q3: weitestgehend umgesetzt' })
  reason!: string | null;

  @ApiProperty({ type: [FieldChangeDto] })
  changes!: readonly FieldChangeDto[];
}

export class GoalHistoryPageDto {
  @ApiProperty({ example: 'warendorf-netzwerk-muessingen' })
  goalId!: string;

  @ApiProperty({ type: [HistoryEntryDto] })
  items!: readonly HistoryEntryDto[];

  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor!: string | null;
}
