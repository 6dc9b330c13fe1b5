import { isUtf8 } from 'node:buffer';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import type { Request } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config.js';
import { answerClientErrorsAsProblems } from './client-errors.js';
import { requestDeadline } from './request-deadline.middleware.js';

/** Response headers a browser client of another origin may read. */
const EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'X-Correlation-Id', 'X-Log-Position', 'Idempotent-Replayed'];

/** Security headers, CORS, the request deadline, the body limit and the answers to requests Node refuses. */
export function secureHttp(app: NestExpressApplication, config: AppConfig): void {
  // The Swagger console is served over plain HTTP on internal networks; upgrading its scripts to HTTPS would break it.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins === '*' ? '*' : [...config.corsOrigins], exposedHeaders: EXPOSED_HEADERS, maxAge: 600 });
  }
  app.use(requestDeadline(config.requestTimeoutMs));
  // Nest leaves `verify` out of the parser options' type (it uses it for rawBody, which is off); body-parser takes it.
  app.useBodyParser('json', { limit: config.bodyLimitBytes, verify: refuseInvalidUtf8 } as NestExpressBodyParserOptionsFor<'json'>);
  answerClientErrorsAsProblems(app.getHttpServer());
}

/**
 * body-parser would decode invalid UTF-8 into U+FFFD and store the replacement characters; refused
 * instead. (Other charsets body-parser accepts for JSON, UTF-16 and UTF-32, are decoded by it.)
 */
function refuseInvalidUtf8(_request: Request, _response: unknown, body: Buffer, encoding: string): void {
  if (!/^utf-?8$/i.test(encoding) || isUtf8(body)) return;
  throw Object.assign(new Error('The request body is not valid UTF-8'), { status: 400, type: 'entity.encoding.invalid' });
}
