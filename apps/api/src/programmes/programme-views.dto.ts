import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { PHASE_KINDS, type PhaseKind } from '#domain';
import { PROGRAMME_SORTS } from '#projections';
import { PageFields, PageParamsDto, SortParam } from '../http/list-params.js';
import { PointOfViewFields } from '../http/point-of-view.js';
import { StreamFieldsDto } from '../http/stream-fields.dto.js';

export class ListProgrammesDto extends PageParamsDto {
  @SortParam(PROGRAMME_SORTS, 'name')
  sort?: string;
}

export class PhaseDto {
  @ApiProperty({ example: 'model' })
  id!: string;

  @ApiProperty({ enum: PHASE_KINDS, example: 'model' })
  kind!: PhaseKind;

  @ApiProperty({ example: 'Modellphase mit 18 Modellkommunen' })
  title!: string;

  @ApiProperty({ example: '2012-01-01', format: 'date' })
  startsOn!: string;

  @ApiProperty({ type: String, nullable: true, example: '2015-09-30', format: 'date', description: 'The planned last day' })
  plannedEnd!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2015-09-30', format: 'date', description: 'The actual last day, once the phase was closed (as of asOf)' })
  endedOn!: string | null;
}

class ProgrammeOwnFieldsDto {
  @ApiProperty({ example: 'kekiz' })
  id!: string;

  @ApiProperty({ example: 'Kein Kind zurücklassen! Kommunen in NRW beugen vor' })
  name!: string;

  @ApiProperty({ example: '2011-12-01T00:00:00.000Z', description: 'World time of the registration' })
  registeredAt!: string;

  @ApiProperty({ type: [PhaseDto], description: 'The phases opened by asOf, in the order of their start' })
  phases!: readonly PhaseDto[];
}

export class ProgrammeFieldsDto extends IntersectionType(ProgrammeOwnFieldsDto, StreamFieldsDto) {}

/** One programme, with the point of view it is shown from. */
export class ProgrammeDto extends IntersectionType(ProgrammeFieldsDto, PointOfViewFields) {}

export class ProgrammePageDto extends PageFields {
  @ApiProperty({ type: [ProgrammeFieldsDto] })
  items!: readonly ProgrammeFieldsDto[];
}
