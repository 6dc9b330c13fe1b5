import { z } from 'zod';

/**
 * The shapes of values every aggregate uses, as predicates (for the API's request validation) and as
 * zod schemas (for the event catalogue), so that a request that passes validation makes a valid event.
 */

/** Ids of goals, municipalities, phases and theme areas: letters, digits, `.`, `_`, `-`; UUIDs fit. */
export const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const IDENTIFIER_RULE = '1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit';

/** Unpaired UTF-16 surrogates are not text: PostgreSQL refuses them, and they cannot be canonicalised. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Control characters other than tab and line breaks; NUL in particular cannot be stored in PostgreSQL JSON. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function isCleanText(value: unknown): value is string {
  return typeof value === 'string' && !LONE_SURROGATE.test(value) && !CONTROL_CHARACTER.test(value);
}

/**
 * `value` cut to at most `max` UTF-16 code units, ending in "…" when it was cut, and never between the two
 * halves of a surrogate pair (an emoji cut in half would make the text malformed, and a fact with it invalid).
 */
export function shortened(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(value[end - 1])) end -= 1;
  return `${value.slice(0, end)}…`;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real day of the calendar as YYYY-MM-DD (2013-02-30 is refused). */
export function isCalendarDate(value: unknown): value is string {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(value as string);
}

/** An instant as the log stores it: `toISOString()` output, so that instants compare as text and as time alike. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value) && new Date(value).toISOString() === value;
}

export const identifier = z.string().regex(IDENTIFIER, `must be ${IDENTIFIER_RULE}`);

/** Trimmed, well-formed text without control characters, of 1 (or 0) to `max` characters. */
export function text(max: number, { allowEmpty = false } = {}) {
  return z
    .string()
    .max(max)
    .min(allowEmpty ? 0 : 1)
    .refine((value) => value === value.trim(), 'must not start or end with white space')
    .refine(isCleanText, 'must be well-formed text without control characters');
}

export const calendarDate = z.iso.date().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');
export const instant = z.string().refine(isInstant, 'must be an ISO instant in UTC (YYYY-MM-DDTHH:mm:ss.sssZ)');
