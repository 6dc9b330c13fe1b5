import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from '@jest/globals';
import { TEST_ACCESS_ENV } from './test-admin.js';

/**
 * The API as a child process (`node dist/apps/api/src/main.js`), so that a test can kill it with
 * SIGKILL like a crash would, and talk to it over real HTTP only. `npm test` builds dist first.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');
/** Generous: a start-up on a loaded two-core machine; a child that takes longer has hung. */
const START_TIMEOUT_MS = 30_000;
const KEPT_LINES = 400;
/** Start-up lines that say nothing about a failure: Nest's module and route listing. */
const ROUTINE = /"context":"(InstanceLoader|RoutesResolver|RouterExplorer)"/;

/** Settings of the child's own, so that nothing from the shell running the tests leaks into it. */
const OWN_VARIABLES = /^(GOAL_LEDGER_|DATABASE_URL$|PORT$|HOST$|LOG_FORMAT$)/;

export class ApiProcess {
  private readonly lines: string[] = [];
  private readonly exit: Promise<string>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)));
  }

  /** Starts the API with `env` on a free port and resolves once it serves HTTP. */
  static async start(name: string, env: Readonly<Record<string, string>>): Promise<{ process: ApiProcess; url: string }> {
    assertBuilt();
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !OWN_VARIABLES.test(key)));
    const spawned = performance.now();
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', ...TEST_ACCESS_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const api = new ApiProcess(name, child);
    const url = await api.listening();
    api.lines.push(`[${name}] serving at ${url} ${Math.round(performance.now() - spawned)} ms after spawn`);
    return { process: api, url };
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The crash: no shutdown hook runs, no buffer is flushed, open transactions are cut off. */
  async kill(): Promise<string> {
    this.child.kill('SIGKILL');
    return this.exit;
  }

  /** A graceful stop (SIGTERM), as an orchestrator would do. */
  async stop(): Promise<string> {
    this.child.kill('SIGTERM');
    return this.exit;
  }

  /** The last lines the child wrote to stdout and stderr, for the message of a failed test. */
  output(): string {
    return this.lines.join('\n');
  }

  private listening(): Promise<string> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => fail(`did not serve within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
      const fail = (why: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.child.kill('SIGKILL');
        reject(new Error(`${this.name} ${why}:\n${this.output()}`));
      };
      const keep = (stream: string) => (line: string) => {
        if (!ROUTINE.test(line)) this.lines.push(`[${this.name} ${stream}] ${line}`);
        if (this.lines.length > KEPT_LINES) this.lines.shift();
        const url = settled ? undefined : servingUrl(line);
        if (url) {
          settled = true;
          clearTimeout(timer);
          resolve(url);
        }
      };
      eachLine(this.child.stdout, keep('out'));
      eachLine(this.child.stderr, keep('err'));
      void this.exit.then((how) => fail(`ended before serving (${how})`));
    });
  }
}

/** The URL of the start-up line `serving on http://127.0.0.1:PORT …` (JSON log format). */
function servingUrl(line: string): string | undefined {
  const message = parseMessage(line);
  return message?.startsWith('serving on ') ? /https?:\/\/[^\s)]+/.exec(message)?.[0] : undefined;
}

/** The message of a JSON log line (pino writes it as `msg`). */
function parseMessage(line: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && 'msg' in parsed && typeof parsed.msg === 'string' ? parsed.msg : undefined;
  } catch {
    return undefined;
  }
}

function eachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.length > 0) onLine(line);
  });
}

/** A child running stale code would test something else than the sources: insist on a fresh build. */
function assertBuilt(): void {
  const built = statSync(MAIN, { throwIfNoEntry: false })?.mtimeMs;
  const newest = Math.max(...['apps', 'libs'].map((dir) => newestSource(join(ROOT, dir))));
  if (built === undefined || built < newest) {
    throw new Error(`${MAIN} is missing or older than the sources: run \`npm run build\` (npm test does)`);
  }
}

function newestSource(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return newestSource(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? statSync(path).mtimeMs : 0;
    }),
  );
}

/**
 * The children a suite starts, killed after it even when a test failed half-way; `explained` adds their
 * output to a test's failure.
 */
export function apiProcessesPerSuite(): {
  start: typeof ApiProcess.start;
  explained(error: unknown, context?: readonly string[]): unknown;
} {
  const started: ApiProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((child) => child.kill()));
  });
  return {
    start: async (name, env) => {
      const result = await ApiProcess.start(name, env);
      started.push(result.process);
      return result;
    },
    explained: (error, context = []) => {
      if (!(error instanceof Error)) return error;
      const appendix = `\n\n${[...context, ...started.map((child) => child.output())].join('\n')}`;
      error.message += appendix;
      if (error.stack) error.stack += appendix;
      return error;
    },
  };
}
