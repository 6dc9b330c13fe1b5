import { describe, expect, it } from '@jest/globals';
import { categoryOf, matcherOf } from './event-filter.js';

describe('event filters', () => {
  it('take the category of a stream from before its first dash', () => {
    expect(['goal-warendorf-netzwerk', 'review-kreis-unna-2013-Q2', 'claim-ags.05570', 'plain'].map(categoryOf)).toEqual(['goal', 'review', 'claim', 'plain']);
  });

  it('let everything through without filters', () => {
    expect(matcherOf({})).toBeUndefined();
  });

  it('match any value of one filter, and all filters together', () => {
    const matches = matcherOf({ category: ['goal', 'review'], type: ['GoalRevised', 'ReviewHeld'] });
    expect(matches?.({ stream: 'goal-a', type: 'GoalRevised' })).toBe(true);
    expect(matches?.({ stream: 'review-b-2013-Q2', type: 'ReviewHeld' })).toBe(true);
    expect(matches?.({ stream: 'goal-a', type: 'GoalFormulated' })).toBe(false);
    expect(matches?.({ stream: 'programme-kekiz', type: 'GoalRevised' })).toBe(false);
    expect(matcherOf({ stream: ['goal-a'] })?.({ stream: 'goal-ab', type: 'GoalRevised' })).toBe(false);
  });
});
