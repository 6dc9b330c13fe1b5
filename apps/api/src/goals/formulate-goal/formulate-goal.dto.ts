import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate, IsIdentifier, IsText, IsWorldTime } from '../../http/validators.js';

export class FormulateGoalDto {
  @ApiPropertyOptional({
    description: 'The goal id; a UUIDv7 is generated when absent',
    example: 'warendorf-netzwerk-muessingen',
  })
  @IsOptional()
  @IsIdentifier()
  id?: string;

  @ApiProperty({ example: 'kreis-warendorf' })
  @IsIdentifier()
  municipalityId!: string;

  @ApiProperty({ example: 'model', description: 'The programme phase, e.g. `model` or `rollout`' })
  @IsIdentifier()
  phaseId!: string;

  @ApiProperty({ example: 'bildungsnetzwerk-muessingen-einen-milte' })
  @IsIdentifier()
  themeArea!: string;

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
