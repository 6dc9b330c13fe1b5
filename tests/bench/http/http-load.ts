import { fork } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import type { Sample } from '../stats.js';
import { TEST_ACCESS_ENV, TEST_ADMIN_HEADERS } from '../../support/test-admin.js';
import { postToUrl, registerTestRegistry } from '../../support/test-registry.js';

export interface Server {
  readonly url: string;
  /** Profiles the server's CPU while `work` runs and writes the V8 profile to `file`. */
  profiled<T>(file: string, work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts the servers one after another, runs `work` with them and stops every one that started, also when
 * a later one fails to start or the work fails (a server left running would load the rest of the run).
 */
export async function withServers<T>(starts: readonly (() => Promise<Server>)[], work: (servers: Server[]) => Promise<T>): Promise<T> {
  const servers: Server[] = [];
  try {
    for (const start of starts) servers.push(await start());
    return await work(servers);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** Starts http-server.js as a child process (`app` or `bare`) and resolves once it listens. */
export async function startServer(kind: 'app' | 'bare' | 'bare-sse', env: Record<string, string> = {}): Promise<Server> {
  const child = fork(new URL('./http-server.js', import.meta.url), [kind], {
    env: { ...process.env, ...TEST_ACCESS_ENV, ...env },
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the ${kind} server exited with ${String(code)} before it listened`);
  });
  const listening = once(child, 'message').then(([message]) => (message as { port: number }).port);
  const port = await Promise.race([listening, exited]);
  // Goals refer to their programme, phase, municipality and theme area: the real API needs its registry.
  if (kind === 'app') await registerTestRegistry(postToUrl(`http://127.0.0.1:${port}`));
  /** Sends a request to the server and waits for its answer. */
  const ask = async (message: 'profile' | { profileTo: string }) => {
    const answered = once(child, 'message');
    child.send(message);
    await answered;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    profiled: async (file, work) => {
      await ask('profile');
      try {
        return await work();
      } finally {
        await ask({ profileTo: file });
      }
    },
    stop: async () => {
      const stopped = once(child, 'exit');
      child.send('stop');
      await stopped;
    },
  };
}

/** The bench acts as the admin whose key its API processes start with (every request is authenticated). */
const HEADERS = { 'content-type': 'application/json', ...TEST_ADMIN_HEADERS };

/** A goal as a client formulates it; `id` makes it unique. */
const formulation = (id: string) =>
  JSON.stringify({
    id,
    programmeId: 'kekiz',
    municipalityId: 'kreis-warendorf',
    phaseId: 'model',
    themeArea: 'bildungsnetzwerk-muessingen-einen-milte',
    title: 'Bildungs- und Erziehungsnetzwerk in den Sozialräumen Müssingen, Einen und Milte',
    description: 'Kitas, Schulen und Beratungsstellen arbeiten in einem Netzwerk zusammen.',
    targetDate: '2015-09-30',
    source: 'Zielkonkretisierungs-Workshop Herbst 2012',
    occurredAt: '2012-10-15',
  });
const STATUS_CHANGE = JSON.stringify({ status: 'in_progress', reason: 'Quartalsgespräch 2013-Q1', occurredAt: '2013-01-01' });

/** Every connection formulates a goal of its own, then changes its status: two writes, in turn. */
export function writeRequests(prefix: string): autocannon.Request[] {
  let goals = 0;
  return [
    {
      method: 'POST',
      path: '/v1/goals',
      headers: HEADERS,
      setupRequest: (request, context: { goalId?: string }) => {
        context.goalId = `${prefix}-${(goals += 1)}`;
        return { ...request, body: formulation(context.goalId) };
      },
    },
    {
      method: 'POST',
      headers: HEADERS,
      setupRequest: (request, context: { goalId?: string }) => ({
        ...request,
        path: `/v1/goals/${context.goalId ?? ''}/status`,
        body: STATUS_CHANGE,
      }),
    },
  ];
}

/** GETs of the given goals, in turn. */
export function readRequests(goalIds: readonly string[]): autocannon.Request[] {
  let reads = 0;
  return [{ method: 'GET', headers: TEST_ADMIN_HEADERS, setupRequest: (request) => ({ ...request, path: `/v1/goals/${goalIds[(reads += 1) % goalIds.length]}` }) }];
}

/** Formulates `count` goals one by one, for the read load to GET. */
export async function formulateGoals(url: string, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  for (const id of ids) {
    const response = await fetch(`${url}/v1/goals`, { method: 'POST', headers: HEADERS, body: formulation(id) });
    if (response.status !== 201) throw new Error(`formulating ${id} answered ${response.status}: ${await response.text()}`);
  }
  return ids;
}

/** Requests per second and latency percentiles of `connections` clients sending `requests` for `seconds`. */
export async function load(url: string, connections: number, seconds: number, requests: autocannon.Request[]): Promise<Sample> {
  const result = await autocannon({ url, connections, duration: seconds, requests });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    const statuses = JSON.stringify(result.statusCodeStats ?? {});
    throw new Error(`${failed} of ${result.requests.total} requests to ${url} failed (errors, timeouts or non-2xx answers; statuses ${statuses})`);
  }
  return { value: result.requests.total / result.duration, extra: { p50Ms: result.latency.p50, p99Ms: result.latency.p99 } };
}
