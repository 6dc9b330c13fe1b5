import { describe, expect, it } from '@jest/globals';
import { DomainError } from '#domain';
import type { RecordedEvent } from '#event-store';
import { CommandError } from '../../commands/command-errors.js';
import type { ExecuteCommand, WriteResult } from '../../commands/execute-command.js';
import type { WriteContext } from '../../http/write-context.js';
import { ProposalSettler, REVIEW_RETRACTED } from './proposal-settler.js';
import { proposalContext, proposalsOf, type StatusProposal } from './status-proposals.js';

const reviewEvent = {
  id: '0190f5a2-7c1e-7cc3-9d0e-3f6f0c2b8a11',
  stream: 'review-kreis-warendorf-2013-Q2',
  revision: 0,
  position: 42,
  type: 'QuarterlyReviewHeld',
  schemaVersion: 1,
  data: {
    reviewId: 'kreis-warendorf-2013-Q2',
    municipalityId: 'kreis-warendorf',
    quarter: '2013-Q2',
    heldOn: '2013-06-20',
    participants: [],
    summary: '',
    assessments: [
      { goalId: 'ben', progress: 'on_track', note: 'Kooperationsvertrag unterzeichnet', proposedStatus: 'in_progress' },
      { goalId: 'fruehe-hilfen', progress: 'delayed', note: '', proposedStatus: null },
    ],
  },
  metadata: { actor: 'lks@kekiz.nrw', correlationId: 'c-1', causationId: null, occurredAt: '2013-06-20T00:00:00.000Z', recordedAt: '2013-06-21T08:00:00.000Z' },
} satisfies RecordedEvent;

const [proposal] = proposalsOf(reviewEvent);

/** A command path that answers with `answer` and remembers what it was sent; `written` holds the keys already in the log. */
function fakePort(answer: (command: ExecuteCommand) => WriteResult | Error, written: Map<string, RecordedEvent> = new Map(), reviewStands = true) {
  const sent: ExecuteCommand[] = [];
  const declined: string[] = [];
  const settler = new ProposalSettler({
    async execute(command) {
      sent.push(command);
      const result = answer(command);
      if (result instanceof Error) throw result;
      return result;
    },
    firstWritten: async (context: WriteContext) => written.get(context.idempotencyKey ?? ''),
    reviewStands: async () => reviewStands,
    declined: (p: StatusProposal, code: string) => declined.push(`${p.goalId} ${code}`),
  });
  return { settler, sent, declined };
}

const ok: WriteResult = { streamId: 'ben', revision: 1, position: 43, replayed: false };
const forbidden = () => new DomainError('status-transition-forbidden', 'Goal ben cannot change from implemented to in_progress');

describe('settling a proposed status', () => {
  it('reads one proposal per assessment that proposes a status, carrying the review as its cause', () => {
    expect(proposalsOf(reviewEvent)).toEqual([
      expect.objectContaining({ reviewEventId: reviewEvent.id, goalId: 'ben', proposedStatus: 'in_progress', occurredAt: '2013-06-20T00:00:00.000Z', actor: 'lks@kekiz.nrw', correlationId: 'c-1' }),
    ]);
  });

  it("changes the goal's status through the command path, caused by the review, under a key derived from review event and goal", async () => {
    const { settler, sent } = fakePort(() => ok);
    expect(await settler.settle(proposal)).toEqual({ outcome: 'applied' });
    expect(sent).toHaveLength(1);
    expect(sent[0].command).toEqual({
      type: 'ChangeGoalStatus',
      data: { goalId: 'ben', to: 'in_progress', reason: 'Proposed by the quarterly review kreis-warendorf-2013-Q2 held on 2013-06-20: Kooperationsvertrag unterzeichnet' },
      occurredAt: '2013-06-20T00:00:00.000Z',
    });
    expect(sent[0].context).toEqual(proposalContext(proposal, 'apply'));
    expect(sent[0].context).toMatchObject({ identity: { actor: 'lks@kekiz.nrw' }, correlationId: 'c-1', causationId: reviewEvent.id, idempotencyKey: `review-proposal:apply:${reviewEvent.id}:ben` });
  });

  it('sends the same key and fingerprint every time it settles the same proposal, so the log keeps one change', async () => {
    const { settler, sent } = fakePort(() => ok);
    await settler.settle(proposal);
    await settler.settle({ ...proposal });
    expect(sent[1].context).toEqual(sent[0].context);
    expect(proposalContext({ ...proposal, goalId: 'other' }, 'apply').idempotencyKey).not.toBe(sent[0].context.idempotencyKey);
  });

  it('records a proposal a rule of the goal refuses as declined on the review, and says so', async () => {
    const { settler, sent, declined } = fakePort((command) => (command.command.type === 'ChangeGoalStatus' ? forbidden() : ok));
    expect(await settler.settle(proposal)).toEqual({ outcome: 'declined', code: 'status-transition-forbidden', message: forbidden().message });
    expect(sent.map((command) => [command.command.type, command.context.idempotencyKey])).toEqual([
      ['ChangeGoalStatus', `review-proposal:apply:${reviewEvent.id}:ben`],
      ['RecordDeclinedProposal', `review-proposal:decline:${reviewEvent.id}:ben`],
    ]);
    expect(sent[1].command).toMatchObject({ data: { reviewId: 'kreis-warendorf-2013-Q2', goalId: 'ben', proposedStatus: 'in_progress', code: 'status-transition-forbidden' } });
    expect(sent[1].context.causationId).toBe(reviewEvent.id);
    expect(declined).toEqual(['ben status-transition-forbidden']);
  });

  it('keeps a decline recorded before, even when the goal would accept the status now', async () => {
    const decline = { ...reviewEvent, type: 'StatusProposalDeclined', data: { code: 'backdated-conflict', message: 'later change' } } as RecordedEvent;
    const { settler, sent } = fakePort(() => ok, new Map([[`review-proposal:decline:${reviewEvent.id}:ben`, decline]]));
    expect(await settler.settle(proposal)).toEqual({ outcome: 'declined', code: 'backdated-conflict', message: 'later change' });
    expect(sent).toEqual([]);
  });

  it('changes no goal for a review retracted before its proposal was settled, and writes nothing', async () => {
    const { settler, sent, declined } = fakePort(() => ok, new Map(), false);
    expect(await settler.settle(proposal)).toEqual({ outcome: 'declined', code: REVIEW_RETRACTED, message: expect.stringContaining('retracted') });
    expect(sent).toEqual([]);
    expect(declined).toEqual([`ben ${REVIEW_RETRACTED}`]);
  });

  it('keeps a change made before the review was retracted (a crash came before the checkpoint moved)', async () => {
    const change = { ...reviewEvent, type: 'GoalStatusChanged' } as RecordedEvent;
    const { settler, sent } = fakePort(() => ok, new Map([[`review-proposal:apply:${reviewEvent.id}:ben`, change]]), false);
    expect(await settler.settle(proposal)).toEqual({ outcome: 'applied' });
    expect(sent).toEqual([]);
  });

  it('declines a refused proposal all the same when the review can no longer record it, rather than retrying it for ever', async () => {
    const moved = new DomainError('occurred-before-creation', 'occurredAt lies before the stream\'s first event');
    const { settler, sent, declined } = fakePort((command) => (command.command.type === 'ChangeGoalStatus' ? forbidden() : moved));
    expect(await settler.settle(proposal)).toEqual({ outcome: 'declined', code: 'status-transition-forbidden', message: forbidden().message });
    expect(sent.map((command) => command.command.type)).toEqual(['ChangeGoalStatus', 'RecordDeclinedProposal']);
    expect(declined).toEqual(['ben status-transition-forbidden']);
  });

  it('lets a lost race or a failing database fail the batch, to be retried, instead of declining', async () => {
    for (const failure of [new CommandError('revision-conflict', 'kept changing'), new Error('connection reset')]) {
      const { settler, sent } = fakePort(() => failure);
      await expect(settler.settle(proposal)).rejects.toBe(failure);
      expect(sent.map((command) => command.command.type)).toEqual(['ChangeGoalStatus']);
    }
  });
});
