import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { FieldError } from './problem-types.js';

/** Request bodies of this API are flat; anything deeper is refused before it reaches class-transformer. */
const MAX_DEPTH = 8;
/** class-transformer drops these keys silently (prototype-pollution guard); they are refused, at any depth, instead. */
const GUARDED_KEYS = ['__proto__', 'constructor', 'prototype'];

export type InputLocation = 'body' | 'query';

/**
 * Turns raw JSON or query parameters into a validated DTO instance: unknown fields refused, values
 * transformed to the DTO's types, every offending field named. One implementation for the global pipe
 * and the request decorator, so both answer alike.
 */
export function validateInput<T extends object>(type: Type<T>, raw: unknown, location: InputLocation): { value?: T; errors: FieldError[] } {
  const input = raw ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { errors: [{ location, field: `(${location})`, messages: [`the ${location} must be a JSON object`] }] };
  }
  const guarded = unknownFields(guardedKeyPaths(input), location);
  if (depthExceeds(input, MAX_DEPTH)) {
    return { errors: [{ location, field: `(${location})`, messages: [`the ${location} nests deeper than ${MAX_DEPTH} levels`] }, ...guarded] };
  }
  const value = plainToInstance(type, withoutGuardedKeys(input));
  const errors = [
    ...guarded,
    ...flatten(
      validateSync(value, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } }),
      location,
    ),
  ];
  return errors.length > 0 ? { errors } : { value, errors };
}

/** For inputs that take no fields at all (e.g. the query of an endpoint without parameters). */
export function refuseAllFields(raw: unknown, location: InputLocation): FieldError[] {
  return unknownFields(Object.keys(raw ?? {}), location);
}

function unknownFields(fields: string[], location: InputLocation): FieldError[] {
  return fields.map((field) => ({ location, field, messages: [`property ${field} should not exist`] }));
}

function flatten(errors: ValidationError[], location: InputLocation, prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const own: FieldError[] = error.constraints ? [{ location, field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], location, `${field}.`)];
  });
}

/**
 * The paths of the keys that collide with JavaScript object internals, at any depth and in document order
 * (`assessments.0.__proto__`). Iterative, so they are named even in a body refused for its depth.
 */
function guardedKeyPaths(root: object): string[] {
  const paths: string[] = [];
  /** A value still to walk, or (`guarded`) a colliding key's path to name once its turn in document order comes. */
  const pending: { value?: unknown; path: string; guarded?: true }[] = [{ value: root, path: '' }];
  while (pending.length > 0) {
    const { value, path, guarded } = pending.pop() as (typeof pending)[number];
    if (guarded) paths.push(path);
    if (typeof value !== 'object' || value === null) continue;
    const children = Object.entries(value).map(([key, child]) =>
      GUARDED_KEYS.includes(key) ? { path: `${path}${key}`, guarded: true as const } : { value: child, path: `${path}${key}.` },
    );
    pending.push(...children.reverse());
  }
  return paths;
}

/**
 * A copy of `value` without the guarded keys. class-transformer must not see them: a nested `constructor`
 * crashes it. Recursive, as the depth was checked before.
 */
function withoutGuardedKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    .filter(([key]) => !GUARDED_KEYS.includes(key))
    .map(([key, child]) => [key, withoutGuardedKeys(child)] as const);
  return Array.isArray(value) ? entries.map(([, child]) => child) : Object.fromEntries(entries);
}

/** Iterative, so a hostile body cannot exhaust the stack while being measured. */
function depthExceeds(root: object, limit: number): boolean {
  const pending: [unknown, number][] = [[root, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
}
