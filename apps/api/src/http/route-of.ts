import type { Request } from 'express';

/**
 * The route pattern a request matched (`/v1/goals/:id`), for logs and metrics: the raw path would give
 * every goal its own label. Requests that matched no endpoint share one label.
 */
export function routeOf(request: Request): string {
  const route: unknown = request.route;
  const path = typeof route === 'object' && route !== null && 'path' in route ? route.path : undefined;
  // Middlewares mounted for every path (the request logger's `{/*splat}`) are routes to Express too: a
  // wildcard left in req.route means that no endpoint matched. No endpoint of the API has one.
  return typeof path === 'string' && !path.includes('*') ? path : 'unmatched';
}
