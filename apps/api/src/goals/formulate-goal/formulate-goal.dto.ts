import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, Matches } from 'class-validator';
import { IDENTIFIER, IDENTIFIER_RULE } from '#domain';
import { IsCalendarDate, IsIdentifier, IsText, IsWorldTime } from '../../http/validators.js';

export class FormulateGoalDto {
  @ApiPropertyOptional({
    description: 'The goal id; a UUIDv7 is generated when absent',
    example: 'warendorf-netzwerk-muessingen',
  })
  @IsOptional()
  @IsIdentifier()
  id?: string;

  @ApiProperty({ example: 'kekiz', description: 'The programme; the goal must fit its registry (see the municipality endpoints)' })
  @IsIdentifier()
  programmeId!: string;

  @ApiProperty({ example: 'kreis-warendorf', description: 'A municipality enrolled in the phase on occurredAt' })
  @IsIdentifier()
  municipalityId!: string;

  @ApiProperty({ example: 'model', description: 'The programme phase, e.g. `model` or `rollout`' })
  @IsIdentifier()
  phaseId!: string;

  @ApiProperty({ example: 'ben', description: "The key of one of the municipality's theme areas in the phase" })
  @IsIdentifier()
  themeArea!: string;

  @ApiPropertyOptional({ type: [String], example: ['muessingen'], description: 'Social spaces of the municipality the goal is about' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(IDENTIFIER, { each: true, message: `each of socialSpaceIds must be ${IDENTIFIER_RULE}` })
  socialSpaceIds?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: null, description: 'The goal this one is a sub-goal of (same municipality and phase), e.g. `warendorf-ben`' })
  @IsOptional()
  @IsIdentifier()
  parentGoalId?: string;

  @ApiProperty({ example: 'Bildungs- und Erziehungsnetzwerk in den Sozialräumen Müssingen, Einen und Milte', maxLength: 200 })
  @IsText(200)
  title!: string;

  @ApiPropertyOptional({ example: 'Kitas, Schulen und Beratungsstellen arbeiten in einem Netzwerk zusammen.', maxLength: 5000 })
  @IsOptional()
  @IsText(5000, { allowEmpty: true })
  description?: string;

  @ApiPropertyOptional({ example: '2015-09-30', format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  targetDate?: string;

  @ApiPropertyOptional({ example: 'Zielkonkretisierungs-Workshop Herbst 2012', maxLength: 500 })
  @IsOptional()
  @IsText(500)
  source?: string;

  @ApiProperty({
    example: '2012-10-15',
    description: 'When the goal was agreed (world time): a date or a date-time with zone offset; not in the future',
  })
  @IsWorldTime()
  occurredAt!: string;
}
