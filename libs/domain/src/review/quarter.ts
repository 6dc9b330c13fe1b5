/** A calendar quarter as `2013-Q2`. */
export const QUARTER = /^(\d{4})-Q([1-4])$/;

/** How long after its quarter a review may still be held: the last weeks' conversations slip into the next quarter. */
export const REVIEW_GRACE_DAYS = 42;

export interface QuarterDates {
  /** First and last calendar day (YYYY-MM-DD). */
  readonly firstDay: string;
  readonly lastDay: string;
  /** The last day a review of this quarter may be held on. */
  readonly latestReviewDay: string;
}

export function quarterDates(quarter: string): QuarterDates {
  const match = QUARTER.exec(quarter);
  if (!match) throw new TypeError(`${quarter} is not a quarter like 2013-Q2`);
  const year = Number(match[1]);
  const q = Number(match[2]);
  const day = (month: number, date: number) => new Date(Date.UTC(year, month, date)).toISOString().slice(0, 10);
  const lastDay = day(q * 3, 0);
  const latest = new Date(Date.parse(`${lastDay}T00:00:00Z`) + REVIEW_GRACE_DAYS * 86_400_000).toISOString().slice(0, 10);
  return { firstDay: day((q - 1) * 3, 1), lastDay, latestReviewDay: latest };
}

/** The quarter a calendar date lies in. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Every quarter from `first` to `last`, inclusive, in order. */
export function quartersBetween(first: string, last: string): string[] {
  const quarters: string[] = [];
  let [year, q] = [Number(first.slice(0, 4)), Number(first.slice(6))];
  for (let current = first; current <= last; current = `${year}-Q${q}`) {
    quarters.push(current);
    [year, q] = q === 4 ? [year + 1, 1] : [year, q + 1];
  }
  return quarters;
}
