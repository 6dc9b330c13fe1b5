import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * One offending field. A request refused by validation (`validation-failed`) names where the field is and
 * every rule it breaks; a domain rule that concerns fields (`goal-references-invalid`, `correction-invalid`,
 * `occurred-in-future` …) names the field and its one reason.
 */
export class FieldErrorDto {
  @ApiPropertyOptional({ enum: ['body', 'query', 'path', 'header'], example: 'body', description: 'validation-failed only' })
  location?: string;

  @ApiProperty({ example: 'title', description: 'Dotted path for nested fields' })
  field!: string;

  @ApiPropertyOptional({ type: [String], example: ['title should not be empty'], description: 'validation-failed only' })
  messages?: string[];

  @ApiPropertyOptional({ example: 'goal kreis-warendorf-ziel-1 did not exist by the end of 2013-Q2', description: 'A domain rule\'s reason' })
  message?: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:goal-ledger:problem:validation-failed', description: 'Stable per kind of error' })
  type!: string;

  @ApiProperty({ example: 'The request is not valid' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'Invalid field: title' })
  detail!: string;

  @ApiProperty({ example: '/v1/goals' })
  instance!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Every offending field, where the problem concerns fields' })
  errors?: FieldErrorDto[];
}
