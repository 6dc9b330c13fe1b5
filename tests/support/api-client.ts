import { setTimeout as delay } from 'node:timers/promises';
import { problemType } from '../../apps/api/src/problems/problem-types.js';
import { TEST_ADMIN_HEADERS } from './test-admin.js';

/** One HTTP answer of the API, its body parsed when it is JSON. */
export interface Answer<Body = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

/** A request that never got an answer (the connection was refused or cut): its outcome is unknown. */
export class NoAnswer extends Error {
  override readonly name = 'NoAnswer';
}

/** Longer than any wait of the API itself (read-your-writes 5 s, write retries 5 s): no answer by then is a hang. */
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * A plain HTTP client of one API instance (Node's fetch), for tests that run the API as a child process;
 * it sends the test admin's key unless told other credentials.
 */
export class ApiClient {
  constructor(
    readonly url: string,
    private readonly credentials: Readonly<Record<string, string>> = TEST_ADMIN_HEADERS,
  ) {}

  get<Body = unknown>(path: string): Promise<Answer<Body>> {
    return this.send('GET', path);
  }

  post<Body = unknown>(path: string, body?: object, headers: Record<string, string> = {}): Promise<Answer<Body>> {
    return this.send('POST', path, body, headers);
  }

  private async send<Body>(method: string, path: string, body?: object, headers: Record<string, string> = {}): Promise<Answer<Body>> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: { ...this.credentials, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new NoAnswer(`${method} ${path}: ${describe(error)}`, { cause: error });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new NoAnswer(`${method} ${path}: ${response.status} without a complete body: ${describe(error)}`, { cause: error });
    }
    const json = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: (json ? JSON.parse(text) : text) as Body };
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}

/** What GET /v1/admin/projections says of each read model; other fields may be added by the API. */
export interface ReadModelStatus {
  readonly name: string;
  readonly state: string;
  readonly checkpoint: number;
  readonly lag: number;
  readonly [field: string]: unknown;
}

/**
 * Caught up: every read model is applied (by this instance, or by another one this instance follows),
 * holds the whole log, and is not being rebuilt.
 */
const settled = (status: ReadModelStatus) =>
  (status.state === 'running' || status.state === 'following') && status.lag === 0 && Object.entries(status).every(([field, value]) => !/rebuild/i.test(field) || !value);

/** Polls the admin endpoint until every read model is caught up; fails with the last answer after `timeoutMs`. */
export async function caughtUp(api: ApiClient, timeoutMs = 20_000): Promise<ReadModelStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await api.get<ReadModelStatus[]>('/v1/admin/projections');
    if (answer.status === 200 && answer.body.every(settled)) return answer.body;
    if (Date.now() > deadline) throw new Error(`read models of ${api.url} did not catch up: ${answer.status} ${JSON.stringify(answer.body)}`);
    await delay(25);
  }
}

/**
 * Rebuilds every read model from position 0 and waits until it has caught up again. Works whether the
 * API rebuilds before answering (200) or accepts the rebuild and runs it in the background (202). Process
 * managers, which the API does not rebuild (409), are left as they are.
 */
export async function rebuildAll(api: ApiClient): Promise<void> {
  const names = (await caughtUp(api)).map((status) => status.name);
  for (const name of names) {
    const answer = await api.post(`/v1/admin/projections/${name}/rebuild`);
    if (answer.status === 409 && (answer.body as { type?: string }).type === problemType('process-manager-not-rebuilt')) continue;
    if (answer.status !== 200 && answer.status !== 202) throw new Error(`rebuild of ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  await caughtUp(api);
}
