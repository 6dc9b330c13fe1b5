import type { Server, ServerResponse } from 'node:http';

/**
 * Drains an HTTP server: it stops accepting connections, answers the requests in flight (each with
 * `Connection: close`, so that keep-alive clients go elsewhere), and closes idle connections.
 */
export class HttpDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;

  constructor(private readonly server: Server) {
    server.on('request', (_request, response: ServerResponse) => {
      if (this.draining) response.setHeader('Connection', 'close');
      this.inFlight.add(response);
      response.once('close', () => this.inFlight.delete(response));
    });
  }

  /** Resolves once every connection is closed, i.e. every request in flight was answered. */
  drain(): Promise<void> {
    this.draining = true;
    for (const response of this.inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    return closed;
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }
}
