import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { MUNICIPALITY_KINDS, type MunicipalityKind } from '#domain';
import { IsCalendarDate, IsIdentifier, IsText, IsWorldTime } from '../http/validators.js';

class WorldTimeDto {
  @ApiProperty({ example: '2012-02-01', description: 'When it happened (world time)' })
  @IsWorldTime()
  occurredAt!: string;
}

export class RegisterMunicipalityDto extends WorldTimeDto {
  @ApiProperty({ example: 'kreis-warendorf' })
  @IsIdentifier()
  id!: string;

  @ApiProperty({ example: 'Kreis Warendorf', maxLength: 200 })
  @IsText(200)
  name!: string;

  @ApiProperty({ enum: MUNICIPALITY_KINDS, example: 'Kreis' })
  @IsIn(MUNICIPALITY_KINDS, { message: `kind must be one of ${MUNICIPALITY_KINDS.join(', ')}` })
  kind!: MunicipalityKind;

  @ApiPropertyOptional({ example: '05570', description: 'Amtlicher Gemeindeschlüssel: 5 digits (Kreis) or 8 (town); unique' })
  @IsOptional()
  @Matches(/^(\d{5}|\d{8})$/, { message: 'ags must be 5 or 8 digits' })
  ags?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: null, description: 'The Kreis a town belongs to, e.g. `kreis-warendorf` for Ahlen' })
  @IsOptional()
  @IsIdentifier()
  parentId?: string;
}

export class RenameDto extends WorldTimeDto {
  @ApiProperty({ example: 'Kreis Warendorf (Münsterland)', maxLength: 200 })
  @IsText(200)
  name!: string;
}

export class AddSocialSpaceDto extends WorldTimeDto {
  @ApiProperty({ example: 'muessingen' })
  @IsIdentifier()
  id!: string;

  @ApiProperty({ example: 'Müssingen', maxLength: 200 })
  @IsText(200)
  name!: string;
}

export class EnrolDto extends WorldTimeDto {
  @ApiProperty({ example: 'kekiz' })
  @IsIdentifier()
  programmeId!: string;

  @ApiProperty({ example: 'model' })
  @IsIdentifier()
  phaseId!: string;

  @ApiProperty({ example: '2012-02-01', format: 'date', description: 'The first day of the participation' })
  @IsCalendarDate()
  from!: string;
}

export class EndEnrolmentDto extends WorldTimeDto {
  @ApiProperty({ example: '2015-09-30', format: 'date', description: 'The last day of the participation' })
  @IsCalendarDate()
  until!: string;
}

export class DefineThemeAreaDto extends WorldTimeDto {
  @ApiProperty({ example: 'kekiz' })
  @IsIdentifier()
  programmeId!: string;

  @ApiProperty({ example: 'model' })
  @IsIdentifier()
  phaseId!: string;

  @ApiProperty({ example: 'ben', description: 'The theme area key, unique per municipality and phase' })
  @IsIdentifier()
  id!: string;

  @ApiProperty({ example: 'Bildungs- und Erziehungsnetzwerk in den Sozialräumen Müssingen, Einen und Milte (BEN)', maxLength: 300 })
  @IsText(300)
  title!: string;
}

/** For commands whose only input is their world time (e.g. retiring a social space). */
export class OccurredDto extends WorldTimeDto {}
