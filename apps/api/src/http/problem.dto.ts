import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ enum: ['body', 'query', 'path', 'header'], example: 'body' })
  location!: string;

  @ApiProperty({ example: 'title', description: 'Dotted path for nested fields' })
  field!: string;

  @ApiProperty({ type: [String], example: ['title should not be empty'] })
  messages!: string[];
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

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Every offending field (validation-failed only)' })
  errors?: FieldErrorDto[];
}
