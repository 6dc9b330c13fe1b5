import { Body, Controller, Get, Global, HttpCode, Module, Param, Post, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../../apps/api/src/config/app-config.js';
import { LoggingModule } from '../../../apps/api/src/logging/logging.module.js';
import { Metrics } from '../../../apps/api/src/metrics/metrics.js';
import { APP_CONFIG } from '../../../apps/api/src/storage/storage.module.js';

/** What the goal endpoints answer, in size and shape, without anything behind it. */
const GOAL = {
  municipalityId: 'kreis-warendorf',
  phaseId: 'model',
  themeArea: 'bildungsnetzwerk-muessingen-einen-milte',
  title: 'Bildungs- und Erziehungsnetzwerk in den Sozialräumen Müssingen, Einen und Milte',
  description: 'Kitas, Schulen und Beratungsstellen arbeiten in einem Netzwerk zusammen.',
  targetDate: '2015-09-30',
  source: 'Zielkonkretisierungs-Workshop Herbst 2012',
  status: 'in_progress',
  formulatedAt: '2012-10-15T00:00:00.000Z',
  latestOccurredAt: '2013-01-01T00:00:00.000Z',
  updatedAt: '2026-11-28T09:14:03.120Z',
  revision: 1,
  position: 2,
};

/**
 * The ceiling of the HTTP benchmark: the goal routes on the same Nest application set-up (body parser,
 * middleware, request log, metrics, global pipe and filter, see http-server.ts) with handlers that do no
 * work — no validation of the body, no store, no read model.
 */
@Controller('v1/goals')
class BareGoalsController {
  @Post()
  @HttpCode(201)
  formulate(@Body() body: { id?: string }) {
    return { id: body.id ?? 'bare', revision: 0, position: 1 };
  }

  @Post(':id/status')
  @HttpCode(200)
  changeStatus(@Param('id') id: string) {
    return { id, revision: 1, position: 2 };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return { id, ...GOAL };
  }
}

/**
 * What configureApp reads from the container: the configuration and the API's HTTP metrics (without the
 * read-model gauges, which need a store the ceiling does not have).
 */
@Global()
@Module({})
class BareInfrastructureModule {
  static forRoot(config: AppConfig): DynamicModule {
    const providers = [{ provide: APP_CONFIG, useValue: config }, { provide: Metrics, useFactory: () => new Metrics() }];
    return { module: BareInfrastructureModule, providers, exports: [APP_CONFIG, Metrics] };
  }
}

/** The same request logging and metrics as the API (configureApp expects both), and nothing else. */
@Module({})
export class BareModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: BareModule, imports: [LoggingModule.forRoot(config), BareInfrastructureModule.forRoot(config)], controllers: [BareGoalsController] };
  }
}
