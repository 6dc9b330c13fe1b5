import { applyDecorators, Get, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import type { PointOfView } from '#projections';
import { ApiProblems } from './api-docs.js';
import { etagOf } from './etag.js';
import { LOG_POSITION_HEADER, setLogPosition, type PointOfViewFields } from './point-of-view.js';

export interface ReadEndpointSpec {
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly response: Type<object>;
  /**
   * The query DTO the handler validates with `ValidRequest`: its fields become the documented query
   * parameters (a custom parameter decorator is invisible to the OpenAPI document otherwise).
   */
  readonly query: Type<object>;
  /** Path parameters and an example value of each. */
  readonly params?: Readonly<Record<string, string>>;
  /** Answers with the stream's revision as ETag. */
  readonly etag?: boolean;
  /** What else than invalid input and an unavailable read model it can answer with (e.g. `programme-not-found`). */
  readonly problems?: readonly string[];
}

const ETAG_HEADER = { ETag: { description: 'The stream revision as known at knownAt', schema: { type: 'string' } } };

/** One GET view of state with its Swagger documentation: parameters, answer, headers and every problem. */
export function ReadEndpoint(spec: ReadEndpointSpec): MethodDecorator {
  return applyDecorators(
    Get(spec.path),
    ApiOperation({ summary: spec.summary, description: spec.description }),
    ...Object.entries(spec.params ?? {}).map(([name, example]) => ApiParam({ name, example })),
    ApiQuery({ type: spec.query }),
    ApiOkResponse({ type: spec.response, headers: { ...(spec.etag ? ETAG_HEADER : {}), ...LOG_POSITION_HEADER } }),
    ApiProblems('validation-failed', ...(spec.problems ?? []), 'service-unavailable'),
  );
}

/** Names the point of view of an answer in its headers (X-Log-Position, and the ETag of one stream) and body fields. */
export function answeredFrom(response: Response, view: PointOfView, logPosition: number, revision?: number): PointOfViewFields {
  setLogPosition(response, logPosition);
  if (revision !== undefined) response.setHeader('ETag', etagOf(revision));
  return { asOf: view.asOf, knownAt: view.knownAt, logPosition };
}
