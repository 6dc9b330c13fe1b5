import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { AuditEntry } from '#projections';
import { CsvOptionsDto } from '../http/csv-response.js';
import { CommaList, IdentifierList, PageCursor, PageLimit } from '../http/list-params.js';
import { IsWorldTime } from '../http/validators.js';
import { SignedTreeHeadDto } from '../integrity/tree-head.dto.js';
import { MinPosition } from '../projections/min-position.js';

const TIME = 'a date (YYYY-MM-DD) or a date-time with zone offset';
/** Stream names are `{category}-{id}`. */
const STREAM = /^[a-z][a-z-]*-[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

class AuditFilterDto {
  @ApiPropertyOptional({ type: String, example: 'lks@kekiz.nrw', description: 'One or more actors, comma-separated' })
  @IsOptional()
  @CommaList()
  @Matches(/^[\x21-\x7e]{1,128}$/, { each: true, message: 'each actor must be 1 to 128 visible ASCII characters' })
  actor?: string[];

  @ApiPropertyOptional({ type: String, example: 'kreis-warendorf', description: 'One or more municipality ids, comma-separated: what happened to their goals, reviews and registry entries' })
  @IdentifierList('municipalityId')
  municipalityId?: string[];

  @ApiPropertyOptional({ type: String, example: 'goal-warendorf-netzwerk', description: 'One or more stream names `{category}-{id}`, comma-separated' })
  @IsOptional()
  @CommaList()
  @Matches(STREAM, { each: true, message: 'each stream must be a stream name {category}-{id}, e.g. goal-warendorf-netzwerk' })
  stream?: string[];

  @ApiPropertyOptional({ example: '2026-11-01', description: `Recorded at or after; ${TIME} (a bare date: the start of that day, UTC)` })
  @IsOptional()
  @IsWorldTime()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: `Recorded at or before; ${TIME} (a bare date: the end of that day, UTC)` })
  @IsOptional()
  @IsWorldTime()
  to?: string;
}

export class AuditQueryDto extends IntersectionType(AuditFilterDto, CsvOptionsDto) {
  @ApiPropertyOptional({ enum: ['position', '-position'], default: 'position', description: 'Log order, or newest first with `-position`' })
  @IsOptional()
  @IsIn(['position', '-position'], { message: 'sort must be position or -position' })
  sort?: 'position' | '-position';

  @PageLimit(100, 1000)
  limit?: number;

  @PageCursor()
  cursor?: string;

  @MinPosition()
  minPosition?: number;
}

export class AuditEntryDto implements AuditEntry {
  @ApiProperty({ example: 1207, description: 'Log position of the event' })
  position!: number;

  @ApiProperty({ example: '2026-11-22T20:42:02.464Z', description: 'System time: when it was recorded' })
  recordedAt!: string;

  @ApiProperty({ example: '2013-06-01T00:00:00.000Z', description: 'World time: when it happened, as the actor said' })
  occurredAt!: string;

  @ApiProperty({ example: 'lks@kekiz.nrw', description: 'Who did it' })
  actor!: string;

  @ApiProperty({ type: String, nullable: true, example: 'ChangeGoalStatus', description: 'The command; null for events recorded before commands were named' })
  command!: string | null;

  @ApiProperty({ example: 'goal-warendorf-netzwerk' })
  stream!: string;

  @ApiProperty({ example: 'GoalStatusChanged' })
  eventType!: string;

  @ApiProperty({ type: String, nullable: true, example: 'kreis-warendorf', description: 'The municipality the stream belongs to, if any' })
  municipalityId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Auftakt mit den Kitas', description: 'The reason given, where the command takes one' })
  reason!: string | null;

  @ApiProperty({ example: '0190b2c4-5e1f-7a3b-9c2d-1e4f5a6b7c8d', description: 'Shared by every event of one request' })
  correlationId!: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The event that caused this one (e.g. the review behind a status change)' })
  causationId!: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items!: AuditEntryDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last one' })
  nextCursor!: string | null;

  @ApiProperty({ example: 1300, description: 'The last log position the audit log holds; the page holds no entry after it' })
  logPosition!: number;

  @ApiProperty({
    type: SignedTreeHeadDto,
    description:
      'The head of the smallest tree holding every event up to logPosition, stamped with the recording time of that event (so the same logPosition names the same head). ' +
      'Check the entries against a bundle of that size (GET /v1/integrity/bundle?treeSize=)',
  })
  treeHead!: SignedTreeHeadDto;
}
