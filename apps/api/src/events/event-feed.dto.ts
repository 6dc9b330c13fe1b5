import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EventMetadataDto {
  @ApiProperty({ example: 'lks@kekiz.nrw', description: 'Who caused the event' })
  actor!: string;

  @ApiProperty({ example: '0190b2c4-5e1f-7a3b-9c2d-1e4f5a6b7c8d', description: 'Shared by every event of one request' })
  correlationId!: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The event that caused this one, if any' })
  causationId!: string | null;

  @ApiProperty({ example: '2013-06-20T00:00:00.000Z', description: 'World time: when it happened' })
  occurredAt!: string;

  @ApiProperty({ example: '2026-11-22T20:42:02.464Z', description: 'System time: when the store recorded it' })
  recordedAt!: string;

  @ApiPropertyOptional({ example: 'ChangeGoalStatus', description: 'The command that decided the event (absent on events recorded before commands were named)' })
  command?: string;

  @ApiPropertyOptional({ example: 'review-2013-q2-warendorf', description: 'The Idempotency-Key of the request that wrote it' })
  idempotencyKey?: string;
}

export class LogEventDto {
  @ApiProperty({ example: '0190b2c4-8a2e-7c41-b3f0-5d6e7f809a1b' })
  id!: string;

  @ApiProperty({ example: 'goal-warendorf-netzwerk', description: 'Stream name `{category}-{id}`' })
  stream!: string;

  @ApiProperty({ example: 2, description: 'Revision within the stream (0 for its first event)' })
  revision!: number;

  @ApiProperty({ example: 1207, description: 'Global position: increasing, possibly with gaps' })
  position!: number;

  @ApiProperty({ example: 'GoalStatusChanged' })
  type!: string;

  @ApiProperty({ example: 2, description: 'Schema version of `data` as served (the current one)' })
  schemaVersion!: number;

  @ApiProperty({ example: 1, description: 'Schema version the event is stored in; older versions are upcast when read' })
  storedSchemaVersion!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { goalId: 'warendorf-netzwerk', to: 'in_progress', reason: 'Auftakt mit den Kitas' },
    description: 'The fact, in the shape docs/events.md gives for the type',
  })
  data!: Record<string, unknown>;

  @ApiProperty({ type: EventMetadataDto })
  metadata!: EventMetadataDto;
}

export class EventPageDto {
  @ApiProperty({ type: [LogEventDto] })
  items!: LogEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'eyJzY29wZSI6ImV2ZW50cyIsImFmdGVyIjoiMTIwNyJ9',
    description: 'Pass as `cursor` for the next page; null once the page reached the head of the log (or `until`)',
  })
  nextCursor!: string | null;

  @ApiProperty({
    example: 1207,
    description: 'The page holds every matching event up to this position: resume from here (`after`) to follow the log',
  })
  logPosition!: number;
}
