import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsInt, IsObject, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { IsText, IsWorldTime } from '../../http/validators.js';

/** Either `retract: true`, or the replacement: `changes` to the fact's data and/or its real `occurredAt`. */
export class CorrectGoalEventDto {
  @ApiProperty({ example: 1, description: 'Revision of the goal event to correct (see its history)' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  revision!: number;

  @ApiProperty({ example: 'Laut Protokoll fand das Auftaktgespräch am 15. April 2013 statt', maxLength: 2000 })
  @IsText(2000)
  reason!: string;

  @ApiPropertyOptional({ example: false, description: '`true`: the event did not happen. Leave out `changes` and `occurredAt` then.' })
  @IsOptional()
  @Equals(true, { message: 'retract must be true when given' })
  retract?: true;

  @ApiPropertyOptional({ example: '2013-04-15', description: 'When the fact really happened (world time)' })
  @ValidateIf((dto: CorrectGoalEventDto) => dto.occurredAt !== undefined || (dto.retract === undefined && dto.changes === undefined))
  @IsWorldTime({ message: 'occurredAt must be a date or date-time with zone offset; give occurredAt, changes or retract' })
  occurredAt?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { to: 'largely_implemented' },
    description: "Data fields of the event to replace; which ones an event type allows is listed in docs/events.md ('correctable')",
  })
  @IsOptional()
  @IsObject()
  changes?: Record<string, unknown>;
}
