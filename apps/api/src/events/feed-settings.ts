/** Injection token of the event feed's settings; tests override it to make heartbeats and limits small. */
export const FEED_SETTINGS = Symbol('FeedSettings');

export interface FeedSettings {
  /** Events one page request examines at most, so that a filter matching little cannot scan the whole log. */
  readonly scanLimit: number;
  /** Interval of the heartbeat comments on live streams, in milliseconds. */
  readonly heartbeatMs: number;
  /** Recent events the live hub keeps in memory, so that clients close behind it join without reading the log. */
  readonly recentEvents: number;
  /** Bytes that may wait for one live client (beyond what its socket holds) before it is cut off. */
  readonly maxPendingBytes: number;
  /** How long an ended live stream may take to deliver its last bytes before its connection is dropped. */
  readonly farewellMs: number;
}

export const DEFAULT_FEED_SETTINGS: FeedSettings = {
  scanLimit: 10_000,
  heartbeatMs: 15_000,
  recentEvents: 1_000,
  maxPendingBytes: 1024 * 1024,
  farewellMs: 5_000,
};
