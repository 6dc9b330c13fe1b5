import type { PipeTransform } from '@nestjs/common';
import { ProblemException } from '../problems/problem.exception.js';
import { IDENTIFIER, IDENTIFIER_RULE } from './validators.js';

/** Validates the `{id}` path segment before any store is asked about it. */
export class GoalIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (IDENTIFIER.test(value)) return value;
    throw ProblemException.validation([{ location: 'path', field: 'id', messages: [`id must be ${IDENTIFIER_RULE}`] }]);
  }
}
