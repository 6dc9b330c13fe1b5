/** Exponential backoff: the first retry after `initialMs`, each further one twice as late, at most `maxMs`. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  /** Records a failure and returns how long to wait before the next attempt. */
  failed(): number {
    this.failures += 1;
    return Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.failures - 1, 30));
  }

  succeeded(): void {
    this.failures = 0;
  }
}
