import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../storage/storage.module.js';
import { Metrics } from './metrics.js';

/** `/metrics` on GOAL_LEDGER_METRICS_PORT, so that it can be kept off the network the API is served on. */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private readonly server: Server;

  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      this.metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text),
        (error: unknown) => {
          this.logger.error(`collecting metrics failed: ${String(error)}`);
          response.writeHead(500).end();
        },
      );
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server.listen(this.config.metricsPort, this.config.host);
    await once(this.server, 'listening');
    this.logger.log(`metrics on port ${this.config.metricsPort}`);
  }

  /** The port it listens on (the configured one, or the one the system chose for port 0). */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
