import { describe, expect, it } from '@jest/globals';
import { quarterDates, quarterOf, quartersBetween } from './quarter.js';

describe('calendar quarters', () => {
  it('knows the days of a quarter and how late its review may be held', () => {
    expect(quarterDates('2013-Q2')).toEqual({ firstDay: '2013-04-01', lastDay: '2013-06-30', latestReviewDay: '2013-08-11' });
    expect(quarterDates('2012-Q1').lastDay).toBe('2012-03-31');
    expect(quarterDates('2015-Q4')).toMatchObject({ firstDay: '2015-10-01', lastDay: '2015-12-31' });
  });

  it('takes a year below 100 as that year, not as 19xx (whose quarter would then have two reviews)', () => {
    expect(quarterDates('0099-Q4')).toEqual({ firstDay: '0099-10-01', lastDay: '0099-12-31', latestReviewDay: '0100-02-11' });
    expect(quarterDates('0000-Q1')).toMatchObject({ firstDay: '0000-01-01', lastDay: '0000-03-31' });
  });

  it('tells the quarter of a date and lists the quarters between two', () => {
    expect([quarterOf('2013-01-01'), quarterOf('2013-06-30'), quarterOf('2013-12-31')]).toEqual(['2013-Q1', '2013-Q2', '2013-Q4']);
    expect(quartersBetween('2012-Q4', '2013-Q3')).toEqual(['2012-Q4', '2013-Q1', '2013-Q2', '2013-Q3']);
    expect(quartersBetween('2013-Q3', '2013-Q2')).toEqual([]);
  });

  it('ends the quarters between two at the last one, also at the end of year 9999 (after which "10000-Q1" would sort first as text)', () => {
    expect(quartersBetween('9999-Q3', '9999-Q4')).toEqual(['9999-Q3', '9999-Q4']);
    expect(quartersBetween('0099-Q4', '0100-Q1')).toEqual(['0099-Q4', '0100-Q1']);
  });

  it('refuses what is not a quarter', () => {
    expect(() => quarterDates('2013-Q5')).toThrow('not a quarter');
  });
});
