import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { problemDefinition, problemType, type ProblemDefinition } from '../problems/problem-types.js';
import { ProblemDto } from './problem.dto.js';

/** Documents the problem responses an endpoint can give, one example per kind, grouped by status. */
export function ApiProblems(...kinds: string[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, [string, ProblemDefinition][]>();
  for (const kind of [...kinds, 'internal-error']) {
    const definition = problemDefinition(kind);
    // A typo here would document a problem the API never answers with.
    if (!definition) throw new Error(`ApiProblems: unknown problem kind ${kind}`);
    byStatus.set(definition.status, [...(byStatus.get(definition.status) ?? []), [kind, definition]]);
  }
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...[...byStatus].map(([status, group]) =>
      ApiResponse({
        status,
        description: group.map(([kind, { title }]) => `\`${kind}\`: ${title}`).join('; '),
        content: {
          'application/problem+json': {
            schema: { $ref: getSchemaPath(ProblemDto) },
            examples: Object.fromEntries(
              group.map(([kind, { title }]) => [kind, { value: { type: problemType(kind), title, status, detail: '…', instance: '/v1/goals/…' } }]),
            ),
          },
        },
      }),
    ),
  );
}

/** The headers every write accepts. */
export const ApiWriteHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      // No example: the console would fill it in, and every write after the first would reuse one key (422).
      description:
        'A retried request with the same key from the same caller gets the first response and appends nothing; keys of different callers never meet. One key per request, e.g. a UUID.',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Recorded in the metadata of every event written; generated when absent and echoed back.',
    }),
  );

export const ApiIfMatchHeader = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    // No example: the console would send it with every write, and a resource past revision 0 would answer 412.
    description: 'The ETag (stream revision) the client last saw, e.g. `"3"`; a stale one gives 412.',
  });

/** Response headers of every successful write. */
export const WRITE_RESPONSE_HEADERS = {
  ETag: { description: 'The stream\'s revision after the write, e.g. `"1"`; send it as If-Match next time', schema: { type: 'string' } },
  'X-Log-Position': { description: 'Global log position of the last event written; pass it to reads as `minPosition` to see this write', schema: { type: 'string' } },
  'Idempotent-Replayed': { description: '`true` when this answers a retry of an earlier request', schema: { type: 'string' } },
  'X-Correlation-Id': { description: 'The correlation id recorded on the events', schema: { type: 'string' } },
};
