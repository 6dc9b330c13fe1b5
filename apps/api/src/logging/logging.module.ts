import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Request } from 'express';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import PinoPretty from 'pino-pretty';
import type { AppConfig } from '../config/app-config.js';
import { routeOf } from '../http/route-of.js';

/**
 * Structured logs: one line per request with request id, correlation id, actor, route, status and
 * duration, and every log made while handling a request carries its request and correlation ids.
 * Headers are never logged, so neither API keys nor tokens can leak into the log.
 */
@Module({})
export class LoggingModule {
  /** `destination` lets tests read the log; by default it goes to stdout. */
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    const options = requestLogOptions(config);
    const stream = destination ?? (config.logFormat === 'text' ? PinoPretty({ colorize: process.stdout.isTTY, singleLine: true }) : undefined);
    const params: Params = { pinoHttp: stream ? [options, stream] : options };
    return { module: LoggingModule, imports: [LoggerModule.forRoot(params)] };
  }
}

type RequestLogOptions = Options<IncomingMessage, ServerResponse>;

function requestLogOptions(config: AppConfig): RequestLogOptions {
  const request = (req: IncomingMessage) => req as Request;
  return {
    level: config.logLevel,
    genReqId: () => randomUUID(),
    // Bound at the start of the request, so that logs made while handling it carry them too.
    customProps: (req) => ({
      reqId: req.id,
      correlationId: request(req).correlationId,
    }),
    serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }) },
    customAttributeKeys: { responseTime: 'durationMs' },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value: { durationMs?: number }) => outcome(request(req), res, value),
    // The error itself is logged, with its stack, by the problem filter under the same request id.
    customErrorObject: (req, res, _error, value: { durationMs?: number }) => outcome(request(req), res, value),
    // Probes and scrapes come every few seconds; readiness changes are logged by the health controller.
    autoLogging: { ignore: (req) => /^\/(health|metrics)\b/.test(req.url ?? '') },
  };
}

/** The actor is known only once the access guard has authenticated the request, so it is logged at its end. */
function outcome(req: Request, res: ServerResponse, value: { durationMs?: number }) {
  return { actor: req.identity?.actor ?? 'anonymous', route: routeOf(req), status: res.statusCode, durationMs: value.durationMs };
}
