import { examplePath, type Operation } from './openapi-examples.js';

/** A parameter of an operation, with what says whether the console must fill it in. */
type Parameter = NonNullable<Operation['parameters']>[number] & { required?: boolean };

/**
 * The order a newcomer tries the writes in the Swagger console on a fresh store: the registry first, then
 * goals, their statuses and revisions, a review, a carry-over, closing the phase, and corrections last.
 */
export const WRITE_ORDER = [
  'POST /v1/programmes',
  'POST /v1/programmes/{id}/phases',
  'POST /v1/municipalities',
  'POST /v1/municipalities/{id}/rename',
  'POST /v1/municipalities/{id}/social-spaces',
  'POST /v1/municipalities/{id}/social-spaces/{socialSpaceId}/rename',
  'POST /v1/municipalities/{id}/enrolments',
  'POST /v1/municipalities/{id}/theme-areas',
  'POST /v1/goals',
  'POST /v1/goals/{id}/status',
  'POST /v1/goals/{id}/revisions',
  'POST /v1/municipalities/{id}/reviews',
  'POST /v1/goals/{id}/corrections',
  'POST /v1/programmes/{id}/phases/{phaseId}/close',
  'POST /v1/goals/{id}/carry-over',
  'POST /v1/municipalities/{id}/social-spaces/{socialSpaceId}/retire',
  'POST /v1/municipalities/{id}/enrolments/{programmeId}/{phaseId}/end',
  'POST /v1/programmes/{id}/corrections',
  'POST /v1/municipalities/{id}/corrections',
  'POST /v1/reviews/{id}/corrections',
  'POST /v1/integrity/tree-head',
  'POST /v1/admin/projections/{name}/rebuild',
  'POST /v1/admin/api-keys',
  'POST /v1/admin/api-keys/{id}/revoke',
];

/** Path parameters the server assigns: a console user copies them from the answer of an earlier write. */
export const FROM_EARLIER_ANSWER: Readonly<Record<string, { parameter: string; route: string; field: string }>> = {
  'POST /v1/admin/api-keys/{id}/revoke': { parameter: 'id', route: 'POST /v1/admin/api-keys', field: 'id' },
};


/**
 * The URL the console sends for an operation: its path with the examples of the path parameters, those the
 * server assigns copied from the answer of the earlier write, and the examples of the required query
 * parameters (without them the console sends nothing) — with `optional`, of every query parameter, as a
 * user who leaves the console's filled-in examples in place sends them.
 */
export function consoleUrl(route: string, operation: Operation, answered: ReadonlyMap<string, Record<string, unknown>>, { optional = false } = {}): string {
  const template = route.slice(route.indexOf(' ') + 1);
  const copied = FROM_EARLIER_ANSWER[route];
  const path = examplePath(copied ? template.replace(`{${copied.parameter}}`, String(answered.get(copied.route)?.[copied.field])) : template, operation);
  const query = new URLSearchParams();
  for (const parameter of (operation.parameters ?? []) as Parameter[]) {
    if (parameter.in === 'query' && (parameter.required || optional) && (parameter.example ?? parameter.schema?.example) !== undefined) query.set(parameter.name, String(parameter.example ?? parameter.schema?.example));
  }
  return query.toString() === '' ? path : `${path}?${query.toString()}`;
}

/** The header parameters the console fills in with their examples, and so sends unless the user clears them. */
export function consoleHeaders(operation: Operation): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const parameter of (operation.parameters ?? []) as Parameter[]) {
    const example = parameter.example ?? parameter.schema?.example;
    if (parameter.in === 'header' && example !== undefined) headers[parameter.name] = String(example);
  }
  return headers;
}
