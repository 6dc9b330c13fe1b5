import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import canonicalize from 'canonicalize';
import { exampleSteps, type ExampleWrite } from './example-requests.js';
import type { Identity } from '../access/identity.js';

/** Recorded as the actor of every write of the example. */
export const EXAMPLE_ACTOR = 'example-data-set';
/** Who loads the example: an admin of this process (it also waits on the read models' status), recorded as the example data set. */
export const EXAMPLE_IDENTITY: Identity = { actor: EXAMPLE_ACTOR, role: 'admin', municipalityId: null };

/** How long loading waits for the process managers to settle the reviews before it gives up. */
const SETTLE_TIMEOUT_MS = 120_000;

export interface LoadSummary {
  /** Writes the API recorded now. */
  readonly written: number;
  /** Writes it had recorded before (an earlier run): answered from the log, nothing written. */
  readonly alreadyThere: number;
}

export class ExampleLoadFailed extends Error {
  override readonly name = 'ExampleLoadFailed';
}

/**
 * The Idempotency-Key of one write: derived from what it writes, so a second run is answered from the
 * log and writes nothing, and two loaders racing each other write everything once.
 */
export function exampleKey(step: Pick<ExampleWrite, 'path' | 'body'>): string {
  return `example-${createHash('sha256').update(`${step.path}\n${canonicalize(step.body) ?? ''}`).digest('hex').slice(0, 40)}`;
}

/**
 * Loads the example data set through the API at `baseUrl`, like any client: every write goes through
 * validation and the one command path. Before the carry-overs it waits until the reviews' proposed
 * statuses have been applied, as the committee decided on the statuses the model phase ended with.
 */
export async function loadExample(baseUrl: string, credential?: string): Promise<LoadSummary> {
  const authorization: Record<string, string> = credential === undefined ? {} : { Authorization: `Bearer ${credential}` };
  let written = 0;
  let alreadyThere = 0;
  for (const step of exampleSteps()) {
    if (step.kind === 'settle') {
      await settled(baseUrl, authorization);
      continue;
    }
    const response = await fetch(`${baseUrl}${step.path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...authorization,
        'Idempotency-Key': exampleKey(step),
        ...(step.correlationId ? { 'X-Correlation-Id': step.correlationId } : {}),
      },
      body: JSON.stringify(step.body),
    });
    const answer = await response.text();
    if (!response.ok) throw new ExampleLoadFailed(`POST ${step.path} answered ${response.status}: ${answer}`);
    if (response.headers.get('idempotent-replayed') === 'true') alreadyThere += 1;
    else written += 1;
  }
  return { written, alreadyThere };
}

/** Until every read model and process manager holds the whole log. */
async function settled(baseUrl: string, authorization: Record<string, string>): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const response = await fetch(`${baseUrl}/v1/admin/projections`, { headers: authorization });
    const statuses = (await response.json()) as { name: string; lag: number; lastError: string | null }[];
    if (response.ok && statuses.every((status) => status.lag === 0)) return;
    if (Date.now() > deadline) throw new ExampleLoadFailed(`the process managers did not settle the reviews: ${JSON.stringify(statuses)}`);
    await delay(50);
  }
}
