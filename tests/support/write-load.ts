import { ApiClient, NoAnswer, type Answer } from './api-client.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';
import { TEST_MUNICIPALITIES, TEST_PROGRAMME_ID } from './test-registry.js';
import { TEST_ADMIN_ACTOR } from './test-admin.js';

/** Status changes the workflow allows (docs/goal-lifecycle.md) that never lead to a status a goal cannot leave. */
export const NEXT_STATUS: Readonly<Record<string, readonly string[]>> = {
  agreed: ['in_progress', 'on_hold'],
  in_progress: ['largely_implemented', 'on_hold'],
  largely_implemented: ['in_progress', 'on_hold'],
  on_hold: ['in_progress'],
};
const GOALS_PER_CLIENT = 3;
const OCCURRED_AT = '2015-06-30';

export interface WriteBody {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
}

/** One write request of the load, with what its event must say and what became of it. */
export interface SentWrite {
  readonly key: string;
  readonly actor: string;
  readonly goalId: string;
  readonly path: string;
  readonly body: Readonly<Record<string, string>>;
  /** The event the write appends: its type and the data fields that identify it. */
  readonly event: { readonly type: string; readonly data: Readonly<Record<string, unknown>> };
  /** The answer; undefined while in flight, or when none came until the write was sent again. */
  answer?: Answer<WriteBody>;
  /** Why the first send got no answer: the instance died with the request in flight. */
  lost?: string;
}

/** What the clients know of a goal from acknowledged writes. */
export interface GoalModel {
  readonly id: string;
  status: string;
  title: string;
  /** Acknowledged events of the goal. */
  events: number;
  /** A write to this goal whose outcome is not known yet; the goal gets no other write meanwhile. */
  inDoubt?: SentWrite;
}

/**
 * Concurrent clients that formulate goals, change their statuses and revise their titles, each write with
 * an Idempotency-Key, remembering which got a 2xx. Each client writes only its own goals, so every write
 * it sends is valid and the outcome of each is known once it is answered.
 */
export class WriteLoad {
  readonly writes: SentWrite[] = [];
  readonly goals = new Map<string, GoalModel>();
  private readonly randoms: SeededRandom[];
  private readonly owned: string[][];
  private running: Promise<void>[] = [];
  private stopped = false;
  private acknowledgements = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(
    private readonly clients: number,
    seed: number,
  ) {
    this.randoms = Array.from({ length: clients }, (_, client) => seededRandom(seed + client));
    this.owned = Array.from({ length: clients }, () => []);
  }

  /** Runs every client against `apiOf(client)` until stop(), or until its instance stops answering. */
  start(apiOf: (client: number) => ApiClient): void {
    this.stopped = false;
    this.running = Array.from({ length: this.clients }, (_, client) => this.runClient(client, apiOf(client)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }

  /** Resolves once `count` more writes have been acknowledged (or every client has stopped). */
  acknowledgedMore(count: number): Promise<void> {
    const target = this.acknowledgements + count;
    const waiting = new Promise<void>((resolve) => this.waiters.push({ count: target, resolve }));
    void Promise.all(this.running).then(() => this.wake(Number.POSITIVE_INFINITY));
    return waiting;
  }

  /** Writes whose outcome is not known: sent, but never answered. */
  inDoubt(): SentWrite[] {
    return [...this.goals.values()].flatMap((goal) => (goal.inDoubt ? [goal.inDoubt] : []));
  }

  /** Sends an in-doubt write again, with its key; a 2xx settles what the goal looks like. */
  async resend(write: SentWrite, api: ApiClient): Promise<Answer<WriteBody>> {
    const answer = await this.send(write, api);
    write.answer = answer;
    if (isSuccess(answer)) this.acknowledged(write, answer);
    return answer;
  }

  private async runClient(client: number, api: ApiClient): Promise<void> {
    while (!this.stopped) {
      const write = this.nextWrite(client);
      if (!write) return;
      this.writes.push(write);
      try {
        write.answer = await this.send(write, api);
      } catch (error) {
        if (!(error instanceof NoAnswer)) throw error;
        write.lost = error.message;
        return;
      }
      if (!isSuccess(write.answer)) return refused(this.goals.get(write.goalId));
      this.acknowledged(write, write.answer);
    }
  }

  private send(write: SentWrite, api: ApiClient): Promise<Answer<WriteBody>> {
    return api.post<WriteBody>(write.path, write.body, { 'Idempotency-Key': write.key });
  }

  private acknowledged(write: SentWrite, answer: Answer<WriteBody>): void {
    const goal = this.goals.get(write.goalId);
    if (!goal) return;
    goal.inDoubt = undefined;
    goal.events = answer.body.revision + 1;
    this.acknowledgements += 1;
    this.wake(this.acknowledgements);
    if (write.event.type === 'GoalStatusChanged') goal.status = String(write.event.data.to);
    if (write.event.type === 'GoalRevised') goal.title = String(write.body.title);
  }

  private wake(reached: number): void {
    for (const waiter of this.waiters.filter((w) => w.count <= reached)) waiter.resolve();
    this.waiters = this.waiters.filter((w) => w.count > reached);
  }

  /** The client's next write: a new goal until it has a few, then a status change or a revision of one of them. */
  private nextWrite(client: number): SentWrite | undefined {
    const random = this.randoms[client];
    const owned = this.owned[client];
    const n = this.writes.length;
    // Every client writes with the test admin's key (ApiClient's default), so that is the actor recorded.
    const base = { key: `write-${client}-${n}`, actor: TEST_ADMIN_ACTOR };
    if (owned.length < GOALS_PER_CLIENT) {
      const id = `goal-${client}-${owned.length}`;
      const title = `Ziel ${owned.length} von Client ${client}`;
      const municipalityId = TEST_MUNICIPALITIES[client % TEST_MUNICIPALITIES.length];
      const body = { id, programmeId: TEST_PROGRAMME_ID, municipalityId, phaseId: 'model', themeArea: 'fruehe-hilfen', title, occurredAt: '2012-10-15' };
      owned.push(id);
      const write = { ...base, goalId: id, path: '/v1/goals', body, event: { type: 'GoalFormulated', data: { title } } };
      this.goals.set(id, { id, status: 'agreed', title, events: 0, inDoubt: write });
      return write;
    }
    const ready = owned.map((id) => this.goals.get(id)).filter((goal): goal is GoalModel => goal !== undefined && !goal.inDoubt);
    if (ready.length === 0) return undefined;
    const goal = random.pick(ready);
    const reason = `Quartalsgespräch ${n}`;
    const write =
      random.int(0, 2) === 0
        ? revision(base, goal, `${goal.title.split(' · ')[0]} · Fassung ${n}`, reason)
        : statusChange(base, goal, random.pick(NEXT_STATUS[goal.status]), reason);
    goal.inDoubt = write;
    return write;
  }
}

type Base = Pick<SentWrite, 'key' | 'actor'>;

function revision(base: Base, goal: GoalModel, title: string, reason: string): SentWrite {
  const body = { title, reason, occurredAt: OCCURRED_AT };
  return { ...base, goalId: goal.id, path: `/v1/goals/${goal.id}/revisions`, body, event: { type: 'GoalRevised', data: { changes: { title }, reason } } };
}

function statusChange(base: Base, goal: GoalModel, to: string, reason: string): SentWrite {
  const body = { status: to, reason, occurredAt: OCCURRED_AT };
  return { ...base, goalId: goal.id, path: `/v1/goals/${goal.id}/status`, body, event: { type: 'GoalStatusChanged', data: { from: goal.status, to, reason } } };
}

/** A refused write is a finding, kept in `writes` for the test to report; its client stops writing. */
function refused(goal: GoalModel | undefined): void {
  if (goal) goal.inDoubt = undefined;
}

export const isSuccess = (answer: Answer): boolean => answer.status >= 200 && answer.status < 300;
