import { applyDecorators, HttpCode, Post, type Type } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiIfMatchHeader, ApiProblems, ApiWriteHeaders, WRITE_RESPONSE_HEADERS } from './api-docs.js';
import { WriteResultDto } from './write-result.dto.js';

/** Problems every write can answer with, whatever its aggregate. */
export const WRITE_PROBLEMS = ['validation-failed', 'occurred-in-future', 'backdated-conflict', 'revision-conflict', 'idempotency-key-reused', 'service-unavailable'];

export interface WriteEndpointSpec {
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly body: Type<object>;
  /** Path parameters and an example value of each. */
  readonly params?: Readonly<Record<string, string>>;
  /** 201 with a Location header, for a write that creates a resource. */
  readonly creates?: boolean;
  /** The rules of the aggregate the write can break (registered error codes). */
  readonly problems: readonly string[];
  /**
   * Named request examples, in the order a newcomer sends them (e.g. the model phase, then the roll-out);
   * without them the console builds one from the fields' examples.
   */
  readonly examples?: Readonly<Record<string, { readonly summary: string; readonly value: object }>>;
}

/** One POST command endpoint with its Swagger documentation: headers, body, answer and every problem. */
export function WriteEndpoint(spec: WriteEndpointSpec): MethodDecorator {
  const headers = spec.creates ? { Location: { description: 'URL of the new resource', schema: { type: 'string' } }, ...WRITE_RESPONSE_HEADERS } : WRITE_RESPONSE_HEADERS;
  const exists = Object.keys(spec.params ?? {}).length > 0;
  return applyDecorators(
    Post(spec.path),
    HttpCode(spec.creates ? 201 : 200),
    ApiOperation({ summary: spec.summary, description: spec.description }),
    ...Object.entries(spec.params ?? {}).map(([name, example]) => ApiParam({ name, example })),
    ApiWriteHeaders(),
    // If-Match names a revision of an existing stream: only writes to one take it.
    ...(exists ? [ApiIfMatchHeader()] : []),
    ApiBody({ type: spec.body, ...(spec.examples ? { examples: spec.examples } : {}) }),
    spec.creates ? ApiCreatedResponse({ type: WriteResultDto, headers }) : ApiOkResponse({ type: WriteResultDto, headers }),
    ApiProblems(...WRITE_PROBLEMS, ...(exists ? ['precondition-failed'] : []), ...spec.problems),
  );
}
