import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ProblemException } from './problem.exception.js';
import type { FieldError } from './problem-types.js';

/** Carries class-validator's errors out of ValidationPipe, which does not know where the input came from. */
class InvalidInput extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('invalid input');
  }
}

/**
 * The global ValidationPipe: unknown fields are refused, values are transformed to the DTO types, and
 * every offending field comes back in one validation-failed problem naming its location.
 */
export class ProblemValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new InvalidInput(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const location = metadata.type === 'param' ? 'path' : metadata.type === 'query' ? 'query' : 'body';
    if (location === 'body' && metadata.metatype && metadata.metatype !== Object && !isPlainObject(value)) {
      throw ProblemException.validation([{ location, field: '(body)', messages: ['the body must be a JSON object'] }]);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof InvalidInput) throw ProblemException.validation(flatten(error.errors, location));
      throw error;
    }
  }
}

function flatten(errors: ValidationError[], location: FieldError['location'], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const own: FieldError[] = error.constraints ? [{ location, field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], location, `${field}.`)];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
