import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PHASE_KINDS, type PhaseKind } from '#domain';
import { IsCalendarDate, IsIdentifier, IsText, IsWorldTime } from '../http/validators.js';

export class RegisterProgrammeDto {
  @ApiProperty({ example: 'kekiz', description: 'The programme id' })
  @IsIdentifier()
  id!: string;

  @ApiProperty({ example: 'Kein Kind zurücklassen! Kommunen in NRW beugen vor', maxLength: 300 })
  @IsText(300)
  name!: string;

  @ApiProperty({ example: '2011-12-01', description: 'When the programme was set up (world time)' })
  @IsWorldTime()
  occurredAt!: string;
}

export class OpenPhaseDto {
  @ApiProperty({ example: 'model', description: 'The phase id, unique within the programme' })
  @IsIdentifier()
  id!: string;

  @ApiProperty({ enum: PHASE_KINDS, example: 'model' })
  @IsIn(PHASE_KINDS, { message: `kind must be one of ${PHASE_KINDS.join(', ')}` })
  kind!: PhaseKind;

  @ApiProperty({ example: 'Modellphase mit 18 Modellkommunen', maxLength: 300 })
  @IsText(300)
  title!: string;

  @ApiProperty({ example: '2012-01-01', format: 'date' })
  @IsCalendarDate()
  startsOn!: string;

  @ApiPropertyOptional({ example: '2015-09-30', format: 'date', description: 'The planned last day' })
  @IsOptional()
  @IsCalendarDate()
  plannedEnd?: string;

  @ApiProperty({ example: '2012-01-01', description: 'When the phase was opened (world time)' })
  @IsWorldTime()
  occurredAt!: string;
}

export class ClosePhaseDto {
  @ApiProperty({ example: '2015-09-30', format: 'date', description: 'The last day of the phase' })
  @IsCalendarDate()
  endedOn!: string;

  @ApiProperty({ example: '2015-09-30', description: 'When the closure was decided (world time)' })
  @IsWorldTime()
  occurredAt!: string;
}
