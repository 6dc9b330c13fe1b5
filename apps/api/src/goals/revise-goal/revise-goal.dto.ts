import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsText, IsWorldTime } from '../../http/validators.js';

/** Only the fields sent are revised; at least one of title, description and targetDate is required. */
export class ReviseGoalDto {
  @ApiPropertyOptional({ example: 'Bildungsnetzwerk in vier Sozialräumen', maxLength: 200 })
  @ValidateIf((dto: ReviseGoalDto) => dto.title !== undefined)
  @IsText(200)
  title?: string;

  @ApiPropertyOptional({ example: 'Das Netzwerk wird um den Sozialraum Everswinkel erweitert.', maxLength: 5000 })
  @ValidateIf((dto: ReviseGoalDto) => dto.description !== undefined)
  @IsText(5000, { allowEmpty: true })
  description?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2016-12-31', description: '`null` removes the target date' })
  @IsOptional()
  @IsCalendarDate()
  targetDate?: string | null;

  @ApiProperty({ example: 'Quartalsgespräch 2014-Q2: Ausweitung vereinbart', maxLength: 2000 })
  @IsText(2000)
  reason!: string;

  @ApiProperty({ example: '2014-06-30', description: 'When the revision was agreed (world time)' })
  @IsWorldTime()
  occurredAt!: string;
}
