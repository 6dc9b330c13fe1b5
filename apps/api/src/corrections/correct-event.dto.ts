import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import type { RequestedCorrection } from '../commands/execute-command.js';
import { IsText, IsWorldTime, normaliseWorldTime } from '../http/validators.js';
import { ProblemException } from '../problems/problem.exception.js';

/** Either `retract: true`, or the replacement: `changes` to the fact's data and/or its real `occurredAt`. */
export class CorrectEventDto {
  @ApiProperty({ example: 1, description: 'Revision of the event to correct, in this stream (see its history)' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  revision!: number;

  @ApiProperty({ example: 'Laut Protokoll fand das Auftaktgespräch am 15. April 2013 statt', maxLength: 2000 })
  @IsText(2000)
  reason!: string;

  @ApiPropertyOptional({ example: false, description: '`true`: the event did not happen. Leave out `changes` and `occurredAt` then. `false` (the default): a replacement.' })
  @IsOptional()
  @IsBoolean({ message: 'retract must be true or false' })
  retract?: boolean;

  @ApiPropertyOptional({ example: '2013-04-15', description: 'When the fact really happened (world time)' })
  @ValidateIf((dto: CorrectEventDto) => dto.occurredAt !== undefined || (dto.retract !== true && dto.changes === undefined))
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

/** The correction a request asks for, as the command path takes it; a retraction with a replacement is refused. */
export function toCorrection(streamId: string, body: CorrectEventDto): RequestedCorrection {
  if (body.retract && (body.changes !== undefined || body.occurredAt !== undefined)) {
    throw ProblemException.validation([{ location: 'body', field: 'retract', messages: ['a retraction takes neither changes nor occurredAt'] }]);
  }
  const data = {
    revision: body.revision,
    reason: body.reason,
    ...(body.retract ? { retract: true } : {}),
    ...(body.changes === undefined ? {} : { changes: body.changes }),
    ...(body.occurredAt === undefined ? {} : { occurredAt: normaliseWorldTime(body.occurredAt) }),
  };
  return { type: 'CorrectEvent', streamId, data };
}

/** The problems every correction endpoint can answer with. */
export const CORRECTION_PROBLEMS = [
  'validation-failed',
  'occurred-in-future',
  'event-not-found',
  'correction-target-invalid',
  'correction-invalid',
  'correction-changes-nothing',
  'backdated-conflict',
  'revision-conflict',
  'precondition-failed',
  'idempotency-key-reused',
  'service-unavailable',
] as const;

export const CORRECTION_DESCRIPTION =
  'Nothing is edited: a new event supersedes (EventSuperseded: changed data and/or world time) or retracts (EventRetracted) ' +
  'the event at `revision`. Views fold the corrected history from now on; asked `knownAt` an earlier instant they still ' +
  'show what was believed then. The corrected history must satisfy every rule, else 409 names the first event that breaks.';
