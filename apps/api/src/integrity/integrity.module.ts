import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import type { SigningKey } from '#integrity';
import { EVENT_STORE, type EventStore } from '#event-store';
import type { AppConfig } from '../config/app-config.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { APP_CONFIG } from '../storage/storage.module.js';
import { CoveringHeads } from './covering-heads.js';
import { IntegrityController } from './integrity.controller.js';
import { loadSigningKey, SIGNING_KEY, signingKeyNotice } from './log-signing-key.js';
import { LogCheck } from './log-check.js';
import { LogTree } from './log-tree.js';
import { Proofs } from './proofs.js';
import { TreeHeads } from './tree-heads.js';

const LOADED_SIGNING_KEY = Symbol('LoadedSigningKey');

interface LoadedSigningKey {
  readonly key: SigningKey;
  readonly notice: ReturnType<typeof signingKeyNotice>;
}

/**
 * Logs which key signs the tree heads once the app starts: the key is loaded while the modules are
 * created, before the app's logger is installed, so a line logged then would be lost.
 */
@Injectable()
class SigningKeyAnnouncement implements OnApplicationBootstrap {
  constructor(@Inject(LOADED_SIGNING_KEY) private readonly loaded: LoadedSigningKey) {}

  onApplicationBootstrap(): void {
    const { level, message } = this.loaded.notice;
    new Logger('Integrity')[level](message);
  }
}

/** The verifiable log over HTTP: signed tree heads, the public key, proofs, verification and bundles. */
@Module({
  // The tree is the merkle-tree read model, which the projections runners keep.
  imports: [ProjectionsModule],
  controllers: [IntegrityController],
  providers: [
    {
      provide: LOADED_SIGNING_KEY,
      useFactory: async (config: AppConfig, events: EventStore): Promise<LoadedSigningKey> => {
        const loaded = await loadSigningKey(config);
        return { key: loaded.key, notice: signingKeyNotice(loaded, loaded.generated ? await events.headPosition() : 0) };
      },
      inject: [APP_CONFIG, EVENT_STORE],
    },
    { provide: SIGNING_KEY, useFactory: (loaded: LoadedSigningKey) => loaded.key, inject: [LOADED_SIGNING_KEY] },
    SigningKeyAnnouncement,
    LogTree,
    TreeHeads,
    Proofs,
    LogCheck,
    CoveringHeads,
  ],
  exports: [CoveringHeads],
})
export class IntegrityModule {}
