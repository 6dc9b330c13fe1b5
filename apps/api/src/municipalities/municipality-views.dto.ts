import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { MUNICIPALITY_KINDS, type MunicipalityKind } from '#domain';
import { MUNICIPALITY_SORTS } from '#projections';
import { IdsFilter, OneOfFilter, PageFields, PageParamsDto, SortParam } from '../http/list-params.js';
import { PointOfViewFields } from '../http/point-of-view.js';
import { StreamFieldsDto } from '../http/stream-fields.dto.js';

export class ListMunicipalitiesDto extends PageParamsDto {
  @OneOfFilter('kind', MUNICIPALITY_KINDS, 'Kreis,kreisfreie Stadt')
  kind?: MunicipalityKind[];

  @IdsFilter('parentId', 'kreis-warendorf', 'Towns inside these Kreise')
  parentId?: string[];

  @IdsFilter('programmeId', 'kekiz', 'Enrolled in these programmes (in any of their phases, from any date)')
  programmeId?: string[];

  @IdsFilter('phaseId', 'model', 'Enrolled in these phases (of the programmes named by programmeId, if any)')
  phaseId?: string[];

  @SortParam(MUNICIPALITY_SORTS, 'name')
  sort?: string;
}

export class SocialSpaceDto {
  @ApiProperty({ example: 'muessingen' })
  id!: string;

  @ApiProperty({ example: 'Müssingen' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: null, format: 'date', description: 'The day it was retired, if it was by asOf' })
  retiredOn!: string | null;
}

export class EnrolmentDto {
  @ApiProperty({ example: 'kekiz' })
  programmeId!: string;

  @ApiProperty({ example: 'model' })
  phaseId!: string;

  @ApiProperty({ example: '2012-02-01', format: 'date' })
  from!: string;

  @ApiProperty({ type: String, nullable: true, example: '2015-09-30', format: 'date', description: 'The last day in the phase, once the enrolment ended' })
  until!: string | null;
}

export class ThemeAreaDto {
  @ApiProperty({ example: 'kekiz' })
  programmeId!: string;

  @ApiProperty({ example: 'model' })
  phaseId!: string;

  @ApiProperty({ example: 'ben' })
  id!: string;

  @ApiProperty({ example: 'Bildungs- und Erziehungsnetzwerk in den Sozialräumen Müssingen, Einen und Milte' })
  title!: string;
}

class MunicipalityOwnFieldsDto {
  @ApiProperty({ example: 'kreis-warendorf' })
  id!: string;

  @ApiProperty({ example: 'Kreis Warendorf' })
  name!: string;

  @ApiProperty({ enum: MUNICIPALITY_KINDS, example: 'Kreis' })
  kind!: MunicipalityKind;

  @ApiProperty({ type: String, nullable: true, example: '05570', description: 'Amtlicher Gemeindeschlüssel' })
  ags!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The Kreis a town belongs to' })
  parentId!: string | null;

  @ApiProperty({ example: '2012-01-01T00:00:00.000Z', description: 'World time of the registration' })
  registeredAt!: string;

  @ApiProperty({ type: [SocialSpaceDto] })
  socialSpaces!: readonly SocialSpaceDto[];

  @ApiProperty({ type: [EnrolmentDto] })
  enrolments!: readonly EnrolmentDto[];

  @ApiProperty({ type: [ThemeAreaDto] })
  themeAreas!: readonly ThemeAreaDto[];
}

export class MunicipalityFieldsDto extends IntersectionType(MunicipalityOwnFieldsDto, StreamFieldsDto) {}

/** One municipality, with the point of view it is shown from. */
export class MunicipalityDto extends IntersectionType(MunicipalityFieldsDto, PointOfViewFields) {}

export class MunicipalityPageDto extends PageFields {
  @ApiProperty({ type: [MunicipalityFieldsDto] })
  items!: readonly MunicipalityFieldsDto[];
}
