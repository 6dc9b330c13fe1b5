import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Role } from '#domain';
import { ApiProblems } from '../http/api-docs.js';

export const ACCESS = Symbol('access');
/** The name of the security scheme in the OpenAPI document (Swagger's "Authorize"). */
export const BEARER = 'bearer';

/** What a route lets through: the roles, or everybody (health probes). A route without it is for admins only. */
export type Access = { readonly roles: readonly Role[] } | 'public';

/**
 * The roles that may call an endpoint, documented on the operation (`x-roles`, its security and its 401/403).
 * The access guard refuses every other caller; writes are authorised once more by the command path against
 * the state they change (an editor's municipality).
 */
export const Allow = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS, { roles } satisfies Access),
    ApiBearerAuth(BEARER),
    ApiExtension('x-roles', roles),
    ApiProblems('unauthenticated', 'forbidden', 'too-many-requests'),
  );

/** Open without credentials: only the health probes, which reveal nothing. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS, 'public' satisfies Access);

export const EVERY_ROLE: readonly Role[] = ['admin', 'coordinator', 'municipality_editor', 'evaluator'];
/** Who reads the raw log and what is derived from all of it: evaluators and the programme's staff, not editors. */
export const LOG_READERS: readonly Role[] = ['admin', 'coordinator', 'evaluator'];
/** Who writes goals (an editor for its own municipality only, checked by the command path). */
export const GOAL_WRITERS: readonly Role[] = ['admin', 'coordinator', 'municipality_editor'];
export const REGISTRY_WRITERS: readonly Role[] = ['admin', 'coordinator'];

/** Says in each operation's description who may call it, so that the Swagger console shows it beside "Authorize". */
export function describeRoles(document: OpenAPIObject): void {
  for (const methods of Object.values(document.paths)) {
    for (const operation of Object.values(methods as Record<string, { description?: string; 'x-roles'?: Role[] }>)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const roles = operation['x-roles'] ?? ['admin'];
      operation['x-roles'] = roles;
      operation.description = `${operation.description ?? ''}\n\n**Roles:** ${roles.map((role) => `\`${role}\``).join(', ')}`.trim();
    }
  }
}
