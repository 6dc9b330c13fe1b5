import type { RecordedEvent } from '#event-store';
import { bundleLines, eventLeafHash, generateSigningKey, InMemoryNodeStore, MerkleTree, signTreeHead, type SignedTreeHead, type SigningKey } from '#integrity';

export const LOG_ID = 'goal-ledger-test';

/** A recorded event of goal `n`; positions leave gaps, as PostgreSQL's may. */
export function recordedEvent(n: number): RecordedEvent {
  return {
    id: `0190f5a2-7c1e-7cc3-9d0e-${String(n).padStart(12, '0')}`,
    stream: `goal-warendorf-${n % 7}`,
    revision: Math.floor(n / 7),
    position: 3 * n + 1,
    type: 'GoalFormulated',
    schemaVersion: 1,
    data: { title: `Netzwerk Müssingen ${n}`, targetDate: '2015-09-30', weight: n / 4 },
    metadata: {
      actor: 'workshop@kreis-warendorf.de',
      correlationId: `corr-${n}`,
      causationId: null,
      occurredAt: '2012-11-15T00:00:00.000Z',
      recordedAt: new Date(Date.UTC(2012, 10, 20) + n * 1000).toISOString(),
    },
  };
}

export const recordedEvents = (count: number) => Array.from({ length: count }, (_, n) => recordedEvent(n));

/** A log as the server would hold it: its events, the tree over them, and its key. */
export interface SignedLog {
  readonly events: RecordedEvent[];
  readonly leaves: Buffer[];
  readonly key: SigningKey;
  head(size?: number): Promise<SignedTreeHead>;
}

export async function signedLog(events: RecordedEvent[], key = generateSigningKey()): Promise<SignedLog> {
  const leaves = events.map(eventLeafHash);
  const tree = await MerkleTree.open(new InMemoryNodeStore());
  await tree.append(leaves);
  const head = async (size = tree.size) =>
    signTreeHead({ treeSize: size, root: await tree.root(size), timestamp: new Date(Date.UTC(2026, 0, 1, 12) + size), logId: LOG_ID }, key);
  return { events, leaves, key, head };
}

/**
 * The lines of a bundle of `head` that pairs the tree's recorded leaves with `events`: the log as it is
 * now, perhaps changed since the tree recorded it.
 */
export async function bundleOf(log: SignedLog, head: SignedTreeHead, events: readonly RecordedEvent[] = log.events.slice(0, head.treeSize)): Promise<string[]> {
  const entries = events.map((event, i) => ({ event, leafHash: log.leaves[i] }));
  const lines: string[] = [];
  for await (const line of bundleLines({ treeHead: head, publicKey: log.key.publicKey.pem }, entries)) lines.push(line);
  return lines;
}
