import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';
import { correlationId } from './http/correlation-id.middleware.js';
import { requireJsonBody } from './http/json-body.middleware.js';
import { httpMetrics } from './metrics/http-metrics.middleware.js';
import { Metrics } from './metrics/metrics.js';
import { ProblemFilter } from './problems/problem.filter.js';
import { ProblemValidationPipe } from './problems/problem-validation.pipe.js';
import { secureHttp } from './http/security.js';
import { BEARER, describeRoles } from './access/access.decorator.js';
import { APP_CONFIG } from './storage/storage.module.js';

/** Everything main.ts applies to the app, shared with the e2e tests so they test the real thing. */
export function configureApp(app: NestExpressApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  secureHttp(app, app.get<AppConfig>(APP_CONFIG));
  // The correlation id comes before the request logger (registered by LoggingModule), which records it.
  app.use(httpMetrics(app.get(Metrics)), correlationId, requireJsonBody);
  app.useGlobalPipes(new ProblemValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.disable('x-powered-by');
  // ETags are stream revisions, set by the endpoints; Express's body-hash ETags would contradict them.
  app.set('etag', false);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('goal-ledger')
      .setDescription(
        'Event-sourced goal tracking for municipal prevention programmes. Every write is an immutable event; ' +
          'reads come from projections of the log. Errors are application/problem+json (RFC 9457).\n\n' +
          '**Walkthrough on a fresh store** — every example works when tried in this order (named examples one after the other): ' +
          'register a programme (`POST /v1/programmes`), open its phases (model, then roll-out), register a municipality, add a social space, ' +
          'enrol it in both phases and define a theme area in each; formulate a goal (`POST /v1/goals`), change its status, revise it; ' +
          'record a quarterly review; correct an event; close the model phase; carry the goal over into the roll-out. Then read: ' +
          '`GET /v1/goals/{id}/history`, `GET /v1/programmes/{id}/phases/{phaseId}/evaluation`, `GET /v1/audit`, `GET /v1/events`. ' +
          'Or start with the example data set (`GOAL_LEDGER_SEED_EXAMPLE=true npm start`) and read Kreis Warendorf.',
      )
      .setVersion('1')
      .addTag('programmes', 'State programmes and their phases (model, roll-out)')
      .addTag('municipalities', 'Municipalities, their social spaces, enrolments in phases and theme areas')
      .addTag('goals', 'Formulate, revise and move goals through their status workflow; read them and their history')
      .addTag('reviews', 'Quarterly reviews of the coordination office with each municipality')
      .addTag('admin', 'Operate the read models; issue and revoke API keys')
      .addTag('events', 'The raw event log for evaluators: pages, NDJSON and a live Server-Sent Events feed')
      .addTag('evaluation', 'What a phase reached, and the phases side by side')
      .addTag('exports', 'CSV files for statistics tools')
      .addTag('audit', 'Who did what, when and why')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'An API key (`glk_…`) or an OpenID Connect access token of the configured issuer' },
        BEARER,
      )
      .build(),
  );
  describeRoles(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
