import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { postToUrl, registerTestRegistry } from './test-registry.js';
import { TEST_ACCESS_ENV } from './test-admin.js';

/** The built API (`npm run build`; `npm test` builds before Jest runs). */
const MAIN = fileURLToPath(new URL('../../dist/apps/api/src/main.js', import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The API as a child process: its log lines as they come, and its exit. */
export class ApiProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  private waiters: { match: (line: string) => boolean; resolve: (line: string) => void; reject: (error: Error) => void }[] = [];

  private constructor(private readonly child: ChildProcess) {
    const follow = (stream: NodeJS.ReadableStream | null, lines: string[]) =>
      createInterface({ input: stream ?? process.stdin }).on('line', (line) => {
        lines.push(line);
        for (const waiter of this.waiters.filter((w) => w.match(line))) waiter.resolve(line);
        this.waiters = this.waiters.filter((w) => !w.match(line));
      });
    follow(child.stdout, this.stdout);
    follow(child.stderr, this.stderr);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    // A line that never comes must not leave the test waiting for its timeout.
    void this.exited.then((exit) => {
      for (const waiter of this.waiters) waiter.reject(new Error(`the API exited (${JSON.stringify(exit)}) before the line came`));
    });
  }

  /** Spawns `node dist/apps/api/src/main.js` with the given environment (and nothing inherited but PATH). */
  static start(env: Record<string, string>): ApiProcess {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...TEST_ACCESS_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new ApiProcess(child);
  }

  /**
   * Starts the API on a port of the system's choosing and resolves with its base URL once it serves, with
   * the test registry (programme, phases, municipalities) the tests' goals refer to.
   */
  static async serving(env: Record<string, string>): Promise<{ api: ApiProcess; url: string }> {
    const api = ApiProcess.start({ HOST: '127.0.0.1', PORT: '0', ...env });
    const line = await api.line((l) => l.includes('serving on'));
    const url = /serving on (http:\/\/[\d.]+:\d+)/.exec(line)?.[1];
    if (!url) throw new Error(`no URL in ${line}`);
    await registerTestRegistry(postToUrl(url));
    return { api, url };
  }

  /** The first output line, on stdout or stderr, so far or later, that matches. */
  line(match: (line: string) => boolean): Promise<string> {
    const found = [...this.stdout, ...this.stderr].find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }

  /** The JSON log lines written so far. */
  logLines(): Record<string, unknown>[] {
    return this.stdout.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Ends the process if it still runs (for afterAll). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
