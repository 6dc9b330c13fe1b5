import type { UpcastEvent } from '#event-store';
import type { EventMatcher } from './event-filter.js';
import { sseComment, sseMessage } from './log-event.js';

/** An event framed once as an SSE message, whichever clients it goes to. */
export interface Frame {
  readonly position: number;
  readonly stream: string;
  readonly type: string;
  readonly bytes: Buffer;
}

export const frameOf = (event: UpcastEvent): Frame => ({ position: event.position, stream: event.stream, type: event.type, bytes: sseMessage(event) });

/** What a live client needs of its HTTP response; a plain Writable serves in unit tests. */
export interface StreamTarget {
  write(chunk: string | Buffer): boolean;
  end(chunk: string): unknown;
  destroy(): unknown;
  /** Bytes written but not yet handed to the operating system. */
  readonly writableLength: number;
  /** True once the connection is gone: its 'close' event has been emitted and will not come again. */
  readonly destroyed: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

export interface ClientLimits {
  readonly maxPendingBytes: number;
  readonly farewellMs: number;
}

/**
 * One SSE response. While it catches up it is paced by its socket (`take` waits for it to drain); once it
 * receives the live fan-out nothing waits for it (`offer`). Before each batch of the fan-out, a client
 * that still has more than `maxPendingBytes` of what it was given before waiting is ended with a comment
 * saying why, rather than holding memory for it: so at most that plus one batch waits for any client.
 */
export class LiveClient {
  private ended = false;
  private farewell?: NodeJS.Timeout;

  constructor(
    private readonly target: StreamTarget,
    private readonly matches: EventMatcher | undefined,
    /** The last position this client was given or passed over; it gets only events after it. */
    public after: number,
    private readonly limits: ClientLimits,
    private readonly onGone: (client: LiveClient) => void,
  ) {
    target.once('close', () => {
      this.ended = true;
      clearTimeout(this.farewell);
      onGone(this);
    });
  }

  get open(): boolean {
    return !this.ended;
  }

  /** From the live fan-out: written at once, never waited for. */
  offer(frame: Frame): void {
    if (!this.ended && this.passes(frame)) this.target.write(frame.bytes);
  }

  /** While catching up: written at the client's pace. */
  async take(frames: readonly Frame[]): Promise<void> {
    for (const frame of frames) {
      if (this.ended) return;
      if (this.passes(frame) && !this.target.write(frame.bytes)) await this.drained();
    }
  }

  comment(text: string): void {
    if (this.keptUp()) this.target.write(sseComment(text));
  }

  /**
   * Checked before anything more is written: the bytes of one batch are written at once, so right after
   * it even a fast client has them waiting; what is still waiting at the next batch it did not take.
   */
  keptUp(): boolean {
    const pending = this.target.writableLength;
    if (!this.ended && pending > this.limits.maxPendingBytes) {
      this.end(`disconnected: ${pending} bytes were waiting for this client, more than ${this.limits.maxPendingBytes}; reconnect with Last-Event-ID to resume`);
    }
    return !this.ended;
  }

  /** Ends the stream with a last comment; a client that does not take even that is dropped after `farewellMs`. */
  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.onGone(this);
    this.target.end(sseComment(reason));
    this.farewell = setTimeout(() => this.target.destroy(), this.limits.farewellMs);
    this.farewell.unref();
  }

  /** Moves the client past the frame, and says whether the frame is for it. */
  private passes(frame: Frame): boolean {
    if (frame.position <= this.after) return false;
    this.after = frame.position;
    return !this.matches || this.matches(frame);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.target.off('drain', done);
        this.target.off('close', done);
        resolve();
      };
      this.target.once('drain', done);
      this.target.once('close', done);
    });
  }
}
