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
  // setUTCFullYear, not Date.UTC, which reads the years 0–99 as 1900–1999.
  const dayOf = (date: Date) => date.toISOString().slice(0, 10);
  const day = (month: number, date: number) => {
    const instant = new Date(0);
    instant.setUTCFullYear(year, month, date);
    return dayOf(instant);
  };
  const lastDay = day(q * 3, 0);
  const latest = dayOf(new Date(Date.parse(`${lastDay}T00:00:00Z`) + REVIEW_GRACE_DAYS * 86_400_000));
  return { firstDay: day((q - 1) * 3, 1), lastDay, latestReviewDay: latest };
}

/** The quarter a calendar date lies in. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Every quarter from `first` to `last`, inclusive, in order. */
export function quartersBetween(first: string, last: string): string[] {
  // Counted, not compared as text: after 9999-Q4 would come "10000-Q1", which sorts before it.
  const [from, to] = [quarterNumber(first), quarterNumber(last)];
  const quarters: string[] = [];
  for (let n = from; n <= to; n++) quarters.push(`${String(Math.floor(n / 4)).padStart(4, '0')}-Q${(n % 4) + 1}`);
  return quarters;
}

/** Quarters since year 0: 2013-Q2 is 2013 × 4 + 1. */
function quarterNumber(quarter: string): number {
  const match = QUARTER.exec(quarter);
  if (!match) throw new TypeError(`${quarter} is not a quarter like 2013-Q2`);
  return Number(match[1]) * 4 + Number(match[2]) - 1;
}
