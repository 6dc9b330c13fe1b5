import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIdentifier, IsText, IsWorldTime } from '../../http/validators.js';

export class CarryOverGoalDto {
  @ApiProperty({ example: 'rollout', description: 'A later phase of the goal\'s programme, open on occurredAt, in which its municipality is enrolled' })
  @IsIdentifier()
  toPhaseId!: string;

  @ApiPropertyOptional({ example: 'ben', description: 'The theme area in the new phase; by default the goal\'s current key, which the municipality must have there too' })
  @IsOptional()
  @IsIdentifier()
  themeArea?: string;

  @ApiProperty({ example: 'Ausschuss für Kinder, Jugendliche und Familien: Fortführung in der zweiten Phase', maxLength: 2000 })
  @IsText(2000)
  reason!: string;

  @ApiProperty({ example: '2016-09-26', description: 'When the goal continues in the new phase (world time)' })
  @IsWorldTime()
  occurredAt!: string;
}
