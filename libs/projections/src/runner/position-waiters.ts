interface Waiter {
  readonly position: number;
  readonly resolve: (reached: boolean) => void;
}

/** Callers waiting for a checkpoint to reach a position: resolved as it advances, or when they time out. */
export class PositionWaiters {
  private waiters: Waiter[] = [];
  private reached = 0;

  get checkpoint(): number {
    return this.reached;
  }

  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  /** Moves the checkpoint forward (never back) and resolves every waiter it now covers. */
  advance(position: number): void {
    if (position <= this.reached) return;
    this.reached = position;
    const done = this.waiters.filter((waiter) => waiter.position <= position);
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.position > position);
    for (const waiter of done) waiter.resolve(true);
  }

  /** Resolves true once the checkpoint reaches `position`, false after `timeoutMs` or on `releaseAll`. */
  wait(position: number, timeoutMs: number): Promise<boolean> {
    if (this.reached >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(this.reached >= position);
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Answers every waiter now with whether its position is reached (the runner stopped). */
  releaseAll(): void {
    for (const waiter of this.waiters.splice(0)) waiter.resolve(this.reached >= waiter.position);
  }
}
