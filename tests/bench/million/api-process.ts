import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { TEST_ACCESS_ENV } from '../../support/test-admin.js';

export interface ApiProcess {
  readonly url: string;
  /** Seconds from spawning the process to its first 200 from /health/ready. */
  readonly readySeconds: number;
  /** The process's peak resident set so far, in MiB. */
  peakRssMiB(): Promise<number>;
  stop(): Promise<void>;
}

async function ask<T>(child: ChildProcess, message: string): Promise<T> {
  const answered = once(child, 'message');
  child.send(message);
  return (await answered)[0] as T;
}

/**
 * Starts the API (api-child.js) with `env` and waits until /health/ready answers 200, polling every
 * 10 ms: that is when a load balancer would send it traffic.
 */
export async function startApi(env: Record<string, string>, readyTimeoutMs = 120_000): Promise<ApiProcess> {
  const started = process.hrtime.bigint();
  const child = fork(new URL('./api-child.js', import.meta.url), [], {
    env: { ...process.env, ...TEST_ACCESS_ENV, LOG_LEVEL: 'error', ...env },
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => [{ port: -1 }])])) as [{ port: number }];
  if (message.port < 0) throw new Error('the API exited before it listened');
  const url = `http://127.0.0.1:${message.port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error('the API exited before it was ready');
    const response = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (response?.status === 200) break;
    await response?.arrayBuffer();
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the API was not ready within ${readyTimeoutMs} ms`);
    }
    await delay(10);
  }
  const readySeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    url,
    readySeconds,
    peakRssMiB: async () => (await ask<{ peakRssMiB: number }>(child, 'rss')).peakRssMiB,
    stop: async () => {
      if (exited) return;
      const stopped = once(child, 'exit');
      child.send('stop');
      await stopped;
    },
  };
}
