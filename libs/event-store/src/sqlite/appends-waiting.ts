import { resolve } from 'node:path';

/**
 * How many appends to each database file are waiting for SQLite's write lock on this process's thread,
 * in memory shared with the threads that write the same file. SQLite lets whoever asks first take the
 * lock, and a waiting append only retries between sleeps, so a thread with transactions queued back to
 * back (the read models' writer) would take it again and again: that thread checks this count before
 * each transaction and lets the append go first.
 */
const counts = new Map<string, Int32Array>();

export function appendsWaiting(file: string): Int32Array {
  const key = resolve(file);
  let count = counts.get(key);
  if (count === undefined) counts.set(key, (count = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT))));
  return count;
}

/** Runs `append` counted as waiting for the write lock of the file `count` belongs to. */
export function whileWaiting<T>(count: Int32Array | undefined, append: () => T): T {
  if (count === undefined) return append();
  Atomics.add(count, 0, 1);
  try {
    return append();
  } finally {
    Atomics.sub(count, 0, 1);
    Atomics.notify(count, 0);
  }
}
