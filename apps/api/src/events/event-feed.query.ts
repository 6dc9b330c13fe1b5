import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, Min, registerDecorator, type ValidationArguments } from 'class-validator';
import { EVENT_CATALOGUE } from '#domain';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { Digits, Position } from '../http/validators.js';
import type { EventFilter } from './event-filter.js';

/** Values one filter parameter may list. */
const MAX_VALUES = 100;
const CATEGORY = /^[A-Za-z0-9][A-Za-z0-9._]{0,63}$/;
const STREAM = /^[A-Za-z0-9][A-Za-z0-9._]{0,63}-[A-Za-z0-9._-]{1,200}$/;
const EVENT_TYPES: readonly string[] = EVENT_CATALOGUE.types();

/** `type=A,B` and `type=A&type=B` alike become `['A', 'B']`; anything else is left for the validators to name. */
const CommaSeparated = () =>
  Transform(({ value }: { value: unknown }) => {
    const parts = Array.isArray(value) ? value : [value];
    return parts.every((part) => typeof part === 'string') ? parts.flatMap((part: string) => part.split(',')).map((part) => part.trim()) : value;
  });

/** The filters of the page, NDJSON and live feeds. */
export class EventFilterQuery implements EventFilter {
  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @Matches(CATEGORY, { each: true, message: 'category must list stream categories (the part of a stream name before its first "-"), comma-separated' })
  category?: string[];

  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @Matches(STREAM, { each: true, message: 'stream must list stream names {category}-{id}, comma-separated' })
  stream?: string[];

  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsEventType()
  type?: string[];
}

/** Query of GET /v1/events (documented by the controller's @ApiQuery decorators). */
export class EventPageQuery extends EventFilterQuery {
  @IsOptional()
  @Position()
  after?: number;

  @IsOptional()
  @IsString()
  @IsPositionCursor()
  @NotWith('after')
  cursor?: string;

  @IsOptional()
  @Digits()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @IsOptional()
  @Position()
  until?: number;
}

/** Query of GET /v1/events/live. */
export class LiveEventsQuery extends EventFilterQuery {
  @IsOptional()
  @Position()
  after?: number;
}

/** The event feed's cursors: positions of the log, the same for every filter (a filter only skips events). */
const FEED = 'events';

export const encodePositionCursor = (position: number): string => encodeCursor(FEED, String(position));

/** The position a nextCursor continues after; only call it on a validated query. */
export function positionOfCursor(cursor: string): number {
  return Number(decodeCursor(cursor, FEED));
}

function isPositionCursor(value: unknown): boolean {
  try {
    return typeof value === 'string' && /^\d{1,16}$/.test(decodeCursor(value, FEED) ?? '') && Number.isSafeInteger(positionOfCursor(value));
  } catch {
    return false;
  }
}

function IsPositionCursor(): PropertyDecorator {
  return rule('isPositionCursor', isPositionCursor, ({ property }) => `${property} must be a nextCursor value returned by this API`);
}

function NotWith(other: string): PropertyDecorator {
  return rule(
    `notWith${other}`,
    (_value, { object }) => (object as Record<string, unknown>)[other] === undefined,
    ({ property }) => `give either ${other} or ${property}, not both`,
  );
}

function IsEventType(): PropertyDecorator {
  return rule(
    'isEventType',
    (value) => Array.isArray(value) && value.every((type) => EVENT_TYPES.includes(type)),
    ({ value }) => {
      const unknown = (Array.isArray(value) ? value : [value]).filter((type) => !EVENT_TYPES.includes(type));
      return `type must list event types of the catalogue (docs/events.md), comma-separated; unknown: ${unknown.join(', ')}`;
    },
  );
}

function rule(name: string, test: (value: unknown, args: ValidationArguments) => boolean, message: (args: ValidationArguments) => string): PropertyDecorator {
  return (target, property) =>
    registerDecorator({ name, target: target.constructor, propertyName: property as string, options: { message }, validator: { validate: test } });
}
