import { EventEmitter } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * A Server-Sent Events client for tests, over a plain HTTP request so that a test can stop reading
 * (`pause`) like a client that cannot keep up. Messages are parsed by eventsource-parser, which follows
 * the WHATWG rules, so the tests also check the framing.
 */
export class SseClient {
  readonly messages: EventSourceMessage[] = [];
  readonly comments: string[] = [];
  private readonly changed = new EventEmitter();
  private finished = false;

  private constructor(
    readonly response: IncomingMessage,
    private readonly request: http.ClientRequest,
  ) {
    const parser = createParser({
      onEvent: (message) => this.messages.push(message),
      onComment: (comment) => this.comments.push(comment.trim()),
    });
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      parser.feed(chunk);
      this.changed.emit('change');
    });
    const finish = () => {
      this.finished = true;
      this.changed.emit('change');
    };
    response.on('end', finish);
    response.on('close', finish);
    response.on('error', finish);
  }

  /** Connects and resolves once the response headers arrived. */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => resolve(new SseClient(response, request)));
      request.on('error', reject);
    });
  }

  get status(): number | undefined {
    return this.response.statusCode;
  }

  get ended(): boolean {
    return this.finished;
  }

  /** Positions of the events received, in order. */
  positions(): number[] {
    return this.messages.map((message) => Number(message.id));
  }

  /** Stops reading: the socket's buffers fill up and the server's writes back up. */
  pause(): void {
    this.response.pause();
  }

  resume(): void {
    this.response.resume();
  }

  close(): void {
    this.request.destroy();
  }

  /** Resolves once `condition` holds after something arrived; fails after `timeoutMs` saying what it waited for. */
  waitFor(condition: () => boolean, what: () => string, timeoutMs = 15_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanUp();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`Timed out waiting for ${what()}`));
      }, timeoutMs);
      const cleanUp = () => {
        clearTimeout(timer);
        this.changed.off('change', check);
      };
      this.changed.on('change', check);
    });
  }
}
