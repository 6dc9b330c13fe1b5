import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '#domain';
import { IsIdentifier, IsText, IsWorldTime } from '../http/validators.js';

export class IssueApiKeyDto {
  @ApiProperty({ example: 'Fachverfahren Jugendhilfe Kreis Warendorf', maxLength: 200, description: 'What the key is for; shown in lists' })
  @IsText(200)
  name!: string;

  @ApiProperty({ enum: ROLES, example: 'municipality_editor' })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({ example: 'kreis-warendorf', description: 'Required for, and only for, a municipality_editor: the municipality it writes for' })
  @ValidateIf((dto: IssueApiKeyDto) => dto.role === 'municipality_editor' || dto.municipalityId !== undefined)
  @IsIdentifier()
  municipalityId?: string;

  @ApiPropertyOptional({ example: '2027-12-31T23:59:59Z', nullable: true, description: 'When the key stops working (a date is its midnight UTC); without it (or null), never' })
  @IsOptional()
  @IsWorldTime()
  expiresAt?: string | null;
}

export class RevokeApiKeyDto {
  @ApiProperty({ example: 'Fachverfahren abgelöst', maxLength: 500 })
  @IsText(500)
  reason!: string;
}

export class ApiKeyDto {
  @ApiProperty({ example: '0190c7a2-6f1e-7b3c-9d4e-5f6a7b8c9d0e' })
  id!: string;

  @ApiProperty({ example: 'Fachverfahren Jugendhilfe Kreis Warendorf' })
  name!: string;

  @ApiProperty({ enum: ROLES, example: 'municipality_editor' })
  role!: Role;

  @ApiProperty({ type: String, nullable: true, example: 'kreis-warendorf' })
  municipalityId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2027-12-31T23:59:59.000Z' })
  expiresAt!: string | null;

  @ApiProperty({ example: 'glk_Xq3v9T0a', description: 'The first characters of the key, to recognise it by; the key itself is not stored' })
  prefix!: string;

  @ApiProperty({ example: '2026-11-28T12:00:00.000Z' })
  issuedAt!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  revokedAt!: string | null;
}

export class IssuedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'glk_Xq3v9T0a…', description: 'The key. It is shown in this answer only: store it now' })
  key!: string;

  @ApiProperty({ example: 3, description: 'Revision of the key stream after the write' })
  revision!: number;

  @ApiProperty({ example: 42, description: 'Global position of the event in the log' })
  position!: number;
}
