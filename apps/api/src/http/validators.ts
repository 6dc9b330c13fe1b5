import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min, registerDecorator, type ValidationOptions } from 'class-validator';
import { IDENTIFIER, IDENTIFIER_RULE, isCalendarDate, isCleanText, isInstant } from '#domain';

export { IDENTIFIER, IDENTIFIER_RULE, isCalendarDate, isCleanText } from '#domain';

export function IsIdentifier(): PropertyDecorator {
  return Matches(IDENTIFIER, { message: ({ property }) => `${property} must be ${IDENTIFIER_RULE}` });
}

/** Trimmed, well-formed text without control characters; empty only when `allowEmpty`; `each` for an array of texts. */
export function IsText(maxLength: number, { allowEmpty = false, each = false } = {}): PropertyDecorator {
  const trim = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
  return applyDecorators(
    Transform(({ value }) => (each && Array.isArray(value) ? value.map(trim) : trim(value))),
    IsString({ each }),
    ...(allowEmpty ? [] : [IsNotEmpty({ each })]),
    MaxLength(maxLength, { each }),
    IsCleanText({ each }),
  );
}

const WORLD_TIME = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * World time: a calendar date (midnight UTC) or an RFC 3339 date-time with a zone offset, that is an instant
 * of the years 0100–9999 in UTC too (9999-12-31T23:59-01:00 would be in year 10000, which no longer
 * compares as text).
 */
export function isWorldTime(value: unknown): value is string {
  const match = typeof value === 'string' ? WORLD_TIME.exec(value) : null;
  return match !== null && isCalendarDate(match[1]) && !Number.isNaN(Date.parse(value as string)) && isInstant(normaliseWorldTime(value as string));
}

/** World time travels normalised as an ISO instant in UTC, so it compares as text and as time alike. */
export function normaliseWorldTime(value: string): string {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString();
}

function predicate(name: string, test: (value: unknown) => boolean, rule: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message: ({ property }) => `${property} must be ${rule}`, ...options },
        validator: { validate: test },
      });
}

export const IsCalendarDate = predicate('isCalendarDate', isCalendarDate, 'a calendar date YYYY-MM-DD');
export const IsWorldTime = predicate(
  'isWorldTime',
  isWorldTime,
  'a date (YYYY-MM-DD) or a date-time with zone offset (e.g. 2013-04-17T10:00:00+02:00)',
);

export const IsCleanText = predicate('isCleanText', isCleanText, 'well-formed text without control characters (tab and line breaks are fine)');

/** Decimal digits become a number; anything else (`0x10`, `1e3`, a repeated parameter) stays as sent and fails IsInt. */
export const Digits = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value));

/** A log position, tree size or leaf index in a query: decimal digits, 0 up to 2^53 − 1. */
export const Position = () => applyDecorators(Digits(), IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));

/** A given time as an instant; a bare date means the end of that day (what had happened by then). */
export function instantOf(value: string): string {
  return value.length === 10 ? `${value}T23:59:59.999Z` : normaliseWorldTime(value);
}
