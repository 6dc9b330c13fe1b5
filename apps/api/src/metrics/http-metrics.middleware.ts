import type { NextFunction, Request, Response } from 'express';
import { routeOf } from '../http/route-of.js';
import type { Metrics } from './metrics.js';

/** Times every request, labelled by the route pattern it matched and the status it answered with. */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stopTimer = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => stopTimer({ method: request.method, route: routeOf(request), status: response.statusCode }));
    next();
  };
}
