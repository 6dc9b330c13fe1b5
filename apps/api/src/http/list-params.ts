import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IDENTIFIER, IDENTIFIER_RULE } from '#domain';
import type { KeysetCursor } from '#projections';
import { isCleanText } from '#domain';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.js';
import { PointOfViewDto, PointOfViewFields } from './point-of-view.js';

/** `a,b` and repeated parameters alike become a list. */
export const CommaList = () => Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value));

/** A filter of one or more identifiers, comma-separated or repeated. */
export function IdentifierList(name: string): PropertyDecorator {
  return applyDecorators(IsOptional(), CommaList(), Matches(IDENTIFIER, { each: true, message: `each of ${name} must be ${IDENTIFIER_RULE}` }));
}

/** `IdentifierList` with its Swagger documentation. */
export function IdsFilter(name: string, example: string, description: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ type: String, example, description: `${description}; one or more, comma-separated` }), IdentifierList(name));
}

/** A filter of one or more values out of a fixed set. */
export function OneOfFilter(name: string, values: readonly string[], example: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, example, description: `One or more of ${values.join(', ')}, comma-separated` }),
    IsOptional(),
    CommaList(),
    IsIn(values, { each: true, message: `each ${name} must be one of ${values.join(', ')}` }),
  );
}

/** `sort`: a field, `-` in front for descending; ties are broken by id. */
export function SortParam(fields: readonly string[], example: string): PropertyDecorator {
  const sorts = fields.flatMap((field) => [field, `-${field}`]);
  return applyDecorators(
    ApiPropertyOptional({ enum: sorts, default: 'id', example, description: 'Order of the list; `-` for descending; ties in id order' }),
    IsOptional(),
    IsIn(sorts, { message: `sort must be one of ${sorts.join(', ')}` }),
  );
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

export const DEFAULT_PAGE_SIZE = 50;

/** Page size and cursor of the lists of state, besides their point of view. */
export class PageParamsDto extends PointOfViewDto {
  @PageLimit(DEFAULT_PAGE_SIZE, 200)
  limit?: number;

  @PageCursor()
  cursor?: string;
}

/** The fields of every page of state besides its items. */
export class PageFields extends PointOfViewFields {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

export interface SortOrder<Field extends string> {
  readonly field: Field;
  readonly descending: boolean;
}

/** A validated `sort` parameter as a field and a direction (default: by id, ascending). */
export function sortOf<Field extends string>(sort: string | undefined): SortOrder<Field> {
  return { field: (sort ?? 'id').replace(/^-/, '') as Field, descending: sort?.startsWith('-') ?? false };
}

/** The scope of a list's cursors: the list (its endpoint, and path where several lists share one) and its sort. */
export const listScope = (list: string, sort: string | undefined): string => `${list}:${sort ?? 'id'}`;

/** Where the next page of the list `scope` starts, as the opaque cursor a page names. */
export function nextCursorOf(next: KeysetCursor | undefined, scope: string): string | null {
  return next ? encodeCursor(scope, JSON.stringify([next.value, next.id])) : null;
}

/**
 * The cursor a client sent, as the key its page ends at; a validation problem when it is not one of this
 * list's (`scope`), or holds text no stored key can hold (a NUL, which PostgreSQL refuses in a parameter).
 */
export function afterOf(cursor: string | undefined, scope: string): KeysetCursor | undefined {
  const decoded = decodeCursor(cursor, scope);
  if (decoded === undefined) return undefined;
  try {
    const [value, id] = JSON.parse(decoded) as unknown[];
    if (isCleanText(value) && isCleanText(id)) return { value, id };
  } catch {
    // Falls through to the validation problem.
  }
  throw invalidCursor();
}
