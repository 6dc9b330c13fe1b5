import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { GOAL_STATUSES, PROGRESS, QUARTER, type GoalStatus, type Progress } from '#domain';
import { IsCalendarDate, IsIdentifier, IsText } from '../http/validators.js';

export class AssessmentDto {
  @ApiProperty({ example: 'warendorf-netzwerk-muessingen' })
  @IsIdentifier()
  goalId!: string;

  @ApiProperty({ enum: PROGRESS, example: 'on_track' })
  @IsIn(PROGRESS, { message: `progress must be one of ${PROGRESS.join(', ')}` })
  progress!: Progress;

  @ApiPropertyOptional({ example: 'Kooperationsvereinbarung mit den Grundschulen unterzeichnet', maxLength: 5000 })
  @IsOptional()
  @IsText(5000, { allowEmpty: true })
  note?: string;

  @ApiPropertyOptional({ enum: GOAL_STATUSES, example: 'in_progress', description: 'A status the review proposes; applied to the goal with the review as its cause' })
  @IsOptional()
  @IsIn(GOAL_STATUSES, { message: `proposedStatus must be one of ${GOAL_STATUSES.join(', ')}` })
  proposedStatus?: GoalStatus;
}

export class HoldReviewDto {
  @ApiProperty({ example: '2013-Q2', description: 'The calendar quarter reviewed; one review per municipality and quarter' })
  @Matches(QUARTER, { message: 'quarter must be a quarter like 2013-Q2' })
  quarter!: string;

  @ApiProperty({ example: '2013-06-20', format: 'date', description: 'Held inside the quarter or up to six weeks after it' })
  @IsCalendarDate()
  heldOn!: string;

  @ApiProperty({ type: [String], example: ['Landeskoordinierungsstelle KeKiZ', 'Amt für Kinder, Jugendliche und Familien'] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsText(200, { each: true })
  participants!: string[];

  @ApiPropertyOptional({ example: 'Stand der Umsetzung der Ziele aus den Zielkonkretisierungs-Workshops', maxLength: 10_000 })
  @IsOptional()
  @IsText(10_000, { allowEmpty: true })
  summary?: string;

  @ApiProperty({ type: [AssessmentDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AssessmentDto)
  assessments!: AssessmentDto[];
}
