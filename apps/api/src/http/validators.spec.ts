import { describe, expect, it } from '@jest/globals';
import { isCalendarDate, isCleanText, isWorldTime, normaliseWorldTime } from './validators.js';

describe('world time and calendar dates', () => {
  it.each(['2013-04-17', '2012-02-29', '2013-04-17T10:00:00Z', '2013-04-17T10:00+02:00', '2013-04-17T10:00:00.123456-01:30'])(
    'accepts %s',
    (value) => expect(isWorldTime(value)).toBe(true),
  );

  // The last two are instants of the year 10000 in UTC, which would no longer compare as text.
  it.each(['2013-02-29', '2013-13-01', '2013-04-17T10:00:00', '17.04.2013', '2013-04-17T25:00:00Z', '', 20130417, null, '9999-12-31T23:59:59-23:59', '9999-12-31T23:00-01:00'])(
    'refuses %s',
    (value) => expect(isWorldTime(value)).toBe(false),
  );

  it('refuses impossible calendar dates', () => {
    expect(isCalendarDate('2015-09-30')).toBe(true);
    expect(isCalendarDate('2015-09-31')).toBe(false);
    expect(isCalendarDate('2015-9-30')).toBe(false);
  });

  it('normalises to a UTC instant', () => {
    expect(normaliseWorldTime('2013-04-17')).toBe('2013-04-17T00:00:00.000Z');
    expect(normaliseWorldTime('2013-04-17T10:00:00+02:00')).toBe('2013-04-17T08:00:00.000Z');
  });
});

describe('clean text', () => {
  it.each(['Müssingen, Einen und Milte', 'Zeile 1\nZeile 2\tTab', '👩‍👧 Familienzentrum', ''])('accepts %j', (value) => expect(isCleanText(value)).toBe(true));
  it.each(['\ud800', 'a\udc00b', 'NUL \u0000', 'bell \u0007', 'escape \u001b[31m'])('refuses %j', (value) => expect(isCleanText(value)).toBe(false));
});
