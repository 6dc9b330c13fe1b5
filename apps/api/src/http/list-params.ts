import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IDENTIFIER, IDENTIFIER_RULE } from '#domain';

/** `a,b` and repeated parameters alike become a list. */
export const CommaList = () => Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value));

/** A filter of one or more identifiers, comma-separated or repeated. */
export function IdentifierList(name: string): PropertyDecorator {
  return applyDecorators(IsOptional(), CommaList(), Matches(IDENTIFIER, { each: true, message: `each of ${name} must be ${IDENTIFIER_RULE}` }));
}

/** The page size of a list: 1 to `max`, `fallback` when absent. */
export function PageLimit(fallback: number, max: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: max, default: fallback, description: 'Page size', example: 20 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}

/** The opaque cursor of the next page. */
export function PageCursor(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: 'The nextCursor of the previous page (with the same filters and sort)' }),
    IsOptional(),
    IsString(),
  );
}
