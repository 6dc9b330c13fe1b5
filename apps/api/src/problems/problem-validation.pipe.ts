import type { ArgumentMetadata, PipeTransform, Type } from '@nestjs/common';
import { ProblemException } from './problem.exception.js';
import { validateInput } from './validate-input.js';

const NOT_VALIDATED: readonly unknown[] = [String, Boolean, Number, Array, Object];

/** The global pipe for @Body() and @Query() DTOs; see validateInput for what it checks. */
export class ProblemValidationPipe implements PipeTransform {
  transform(value: unknown, { metatype, type }: ArgumentMetadata): unknown {
    if (!metatype || NOT_VALIDATED.includes(metatype) || (type !== 'body' && type !== 'query')) return value;
    const result = validateInput(metatype as Type<object>, value, type);
    if (result.errors.length > 0) throw ProblemException.validation(result.errors);
    return result.value;
  }
}
