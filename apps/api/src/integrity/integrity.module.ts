import { Logger, Module } from '@nestjs/common';
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

/** The verifiable log over HTTP: signed tree heads, the public key, proofs, verification and bundles. */
@Module({
  // The tree is the merkle-tree read model, which the projections runners keep.
  imports: [ProjectionsModule],
  controllers: [IntegrityController],
  providers: [
    {
      provide: SIGNING_KEY,
      useFactory: async (config: AppConfig, events: EventStore) => {
        const loaded = await loadSigningKey(config);
        const { level, message } = signingKeyNotice(loaded, loaded.generated ? await events.headPosition() : 0);
        new Logger('Integrity')[level](message);
        return loaded.key;
      },
      inject: [APP_CONFIG, EVENT_STORE],
    },
    LogTree,
    TreeHeads,
    Proofs,
    LogCheck,
    CoveringHeads,
  ],
  exports: [CoveringHeads],
})
export class IntegrityModule {}
