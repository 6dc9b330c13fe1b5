import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';

/** A statement as it crosses to the writer thread: its text and parameters, not Kysely's syntax tree. */
interface Statement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

interface Request {
  readonly id: number;
  readonly guards: readonly Statement[];
  readonly writes: readonly Statement[];
}

type Message = Request | 'close';

type Reply = { readonly id: number; readonly committed: boolean } | { readonly id: number; readonly error: { name: string; message: string; code?: string } };

interface Pending {
  resolve(committed: boolean): void;
  reject(error: Error): void;
}

/** What the writer thread opens: the database file, the driver module that runs on this Node.js, the connection's pragmas. */
export interface WriterSettings {
  readonly file: string;
  readonly driver: string;
  readonly pragmas: readonly string[];
  /**
   * The file's appends that arrived and finished (`appendsWaiting`, at `APPEND_COUNTERS`): those waiting go
   * before the next transaction. The positions travel along because the thread's program imports nothing.
   */
  readonly appendsWaiting: { readonly counters: Int32Array; readonly arrived: number; readonly finished: number };
}

/** How long the writer lets appends go first before its next transaction at most, should one never end. */
const APPENDS_FIRST_MS = 1000;

/**
 * The read models' transactions on SQLite, run by a connection of their own in a worker thread.
 *
 * better-sqlite3 is synchronous, and a batch's transaction during a catch-up or a rebuild — its upserts
 * and the commit, which writes every page the batch dirtied to the WAL — takes tens to hundreds of
 * milliseconds. On the API's thread no request was parsed or answered meanwhile; here the thread only
 * waits for the reply. WAL keeps the readers on the API's connection at the last commit, and the writer
 * takes SQLite's write lock for its transaction alone (`BEGIN IMMEDIATE`), so a writer on the API's thread
 * (an append) waits at most for one transaction, never the other way round across an `await`: before each
 * transaction the thread waits until the appends that had arrived by then have finished (`appendsWaiting`).
 */
export class SqliteWriter {
  /** Started with the first transaction, and again after a thread ended unexpectedly. */
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly inFlight = new Set<Promise<boolean>>();
  private nextId = 0;
  private closed = false;

  constructor(private readonly settings: WriterSettings) {}

  /** Runs `guards`, then `writes`, in one transaction; false (rolled back) when a guard changed no row. */
  run(guards: readonly CompiledQuery[], writes: readonly CompiledQuery[]): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('The SQLite writer is closed'));
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    const request: Request = { id, guards: guards.map(statementOf), writes: writes.map(statementOf) };
    const reply = new Promise<boolean>((resolve, reject) => {
      // A parameter that cannot cross to the thread throws here, before anything waits for a reply.
      post(worker, request);
      this.pending.set(id, { resolve, reject });
      // An idle writer does not keep the process alive; one with a transaction in flight does.
      if (this.pending.size === 1) worker.ref();
    });
    this.inFlight.add(reply);
    const done = () => this.inFlight.delete(reply);
    reply.then(done, done);
    return reply;
  }

  /** Waits for the transactions in flight, then closes the connection and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.inFlight);
    const worker = this.worker;
    if (!worker) return;
    const exited = once(worker, 'exit');
    // Kept alive until the thread has closed its connection, as by a transaction in flight.
    worker.ref();
    post(worker, 'close');
    await exited;
  }

  private start(): Worker {
    // Evaluated rather than loaded from a file: the same source serves the build and the TypeScript tests.
    const worker = new Worker(`(${writerThread.toString()})(require, ${APPENDS_FIRST_MS})`, { eval: true, workerData: this.settings });
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`The SQLite writer thread exited (code ${code})`)));
    worker.unref();
    return worker;
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in reply) pending.reject(Object.assign(new Error(reply.error.message), reply.error));
    else pending.resolve(reply.committed);
  }

  /**
   * A thread that ended (an uncaught error, or killed) fails the transactions in flight — each may or may
   * not have committed, which a runner finds out from its checkpoint when it retries — and the next
   * transaction starts a new one (not at once: a thread that cannot open the file would fail in a loop).
   */
  private lost(worker: Worker, error: Error): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

function post(worker: Worker, message: Message): void {
  worker.postMessage(message);
}

function statementOf(query: CompiledQuery): Statement {
  return { sql: query.sql, parameters: query.parameters };
}

/**
 * The writer thread's whole program, evaluated in the worker with its `require`: nothing from this
 * module's scope reaches it.
 */
function writerThread(require: NodeJS.Require, appendsFirstMs: number): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const settings = workerData as WriterSettings;
  const Driver = require(settings.driver) as typeof import('better-sqlite3');
  const connection = new Driver(settings.file);
  for (const pragma of settings.pragmas) connection.pragma(pragma);
  // Every read model's write shapes (a few sizes of multi-row statement per table and generation, see
  // `chunksOf`) with room for a rebuild's second generation; the least recently used is dropped beyond it.
  const cached = new Map<string, import('better-sqlite3').Statement>();
  const prepare = (sql: string) => {
    let statement = cached.get(sql);
    if (statement === undefined) {
      statement = connection.prepare(sql);
      if (cached.size >= 250) cached.delete(cached.keys().next().value ?? '');
    } else {
      // Least recently used first in line to be dropped: the checkpoint's fence runs with every batch.
      cached.delete(sql);
    }
    cached.set(sql, statement);
    return statement;
  };
  class Refused extends Error {}
  const transaction = connection.transaction((guards: readonly Statement[], writes: readonly Statement[]) => {
    for (const guard of guards) if (prepare(guard.sql).run(guard.parameters).changes === 0) throw new Refused();
    for (const write of writes) prepare(write.sql).run(write.parameters);
  }).immediate;
  // An append on the API's thread that waits for the lock would only get it between two of these
  // transactions, and SQLite gives it to whoever asks first: the appends that have arrived go first
  // (both counters wrap around like any Int32).
  const letAppendsGoFirst = () => {
    const { counters, arrived: arrivedAt, finished: finishedAt } = settings.appendsWaiting;
    const arrived = Atomics.load(counters, arrivedAt);
    const until = Date.now() + appendsFirstMs;
    for (let finished = Atomics.load(counters, finishedAt); ((arrived - finished) | 0) > 0 && Date.now() < until; finished = Atomics.load(counters, finishedAt)) {
      Atomics.wait(counters, finishedAt, finished, until - Date.now());
    }
  };
  parentPort?.on('message', (message: Message) => {
    if (message === 'close') {
      connection.close();
      return parentPort.close();
    }
    const { id, guards, writes } = message;
    try {
      letAppendsGoFirst();
      transaction(guards, writes);
      parentPort.postMessage({ id, committed: true });
    } catch (error) {
      if (error instanceof Refused) return parentPort.postMessage({ id, committed: false });
      const { name, message, code } = error as Error & { code?: string };
      parentPort.postMessage({ id, error: { name, message, code } });
    }
  });
}
