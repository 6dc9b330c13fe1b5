import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { SignedTreeHead } from '#integrity';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG, CLOCK, type Clock } from '../storage/storage.module.js';
import { LogTree } from './log-tree.js';

/** How often the tree's size is looked at: often enough for `treeHeadEvents`, one indexed read each time. */
const CHECK_MS = 1000;

/**
 * The signed tree heads this instance issues: a new one once the tree has grown by `treeHeadEvents`
 * events since the last, at least every `treeHeadSeconds`, and on request. Heads are not stored: any
 * head can be proven consistent with any later one from the tree itself.
 */
@Injectable()
export class TreeHeads implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TreeHeads');
  private latest: SignedTreeHead | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    private readonly tree: LogTree,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.check(), Math.min(CHECK_MS, this.config.treeHeadSeconds * 1000));
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The latest head this instance issued; the first is issued when asked for. */
  async current(): Promise<SignedTreeHead> {
    return this.latest ?? this.issue();
  }

  /** Signs a head of the whole tree now. */
  async issue(): Promise<SignedTreeHead> {
    const { tree } = await this.tree.open();
    const head = await this.tree.signTree(tree);
    // The tree only grows; a head signed by a slower concurrent call must not replace a larger one.
    if (!this.latest || head.treeSize >= this.latest.treeSize) this.latest = head;
    return head;
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const { tree } = await this.tree.open();
      const last = this.latest;
      const due = !last || tree.size >= last.treeSize + this.config.treeHeadEvents || this.clock().getTime() - Date.parse(last.timestamp) >= this.config.treeHeadSeconds * 1000;
      if (due) await this.issue();
    } catch (error) {
      // The database may be away for a moment; the next check tries again.
      this.logger.warn(`could not issue a tree head: ${String(error)}`);
    } finally {
      this.checking = false;
    }
  }
}
