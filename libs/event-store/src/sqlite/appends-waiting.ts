import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where in the counters an append takes its ticket, and where it counts itself finished. */
export const APPEND_COUNTERS = { arrived: 0, finished: 1 } as const;

/**
 * The appends to each database file on this process's thread, counted in memory shared with the threads
 * that write the same file: how many arrived and how many finished. SQLite lets whoever asks first take
 * the write lock, and a waiting append only asks again between sleeps, so a thread with transactions
 * queued back to back (the read models' writer) would take it again and again: before each transaction
 * that thread waits until the appends that had arrived have finished (`SqliteWriter`). Appends that
 * arrive later do not hold it back, so a loop of appends cannot keep it waiting.
 */
const counters = new Map<string, Int32Array>();

export function appendsWaiting(file: string): Int32Array {
  const key = canonicalPath(file);
  let counter = counters.get(key);
  if (counter === undefined) counters.set(key, (counter = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT))));
  return counter;
}

/** The same file by whatever name (relative, through a link): both sides open it before asking. */
function canonicalPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}

/** Runs `append`, counted as arrived until it has finished. */
export function whileWaiting<T>(counter: Int32Array | undefined, append: () => T): T {
  if (counter === undefined) return append();
  Atomics.add(counter, APPEND_COUNTERS.arrived, 1);
  try {
    return append();
  } finally {
    Atomics.add(counter, APPEND_COUNTERS.finished, 1);
    Atomics.notify(counter, APPEND_COUNTERS.finished);
  }
}
