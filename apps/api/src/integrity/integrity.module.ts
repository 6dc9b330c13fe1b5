import { Logger, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { APP_CONFIG } from '../storage/storage.module.js';
import { CoveringHeads } from './covering-heads.js';
import { IntegrityController } from './integrity.controller.js';
import { loadSigningKey, SIGNING_KEY } from './log-signing-key.js';
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
      useFactory: async (config: AppConfig) => {
        const { key, file, generated } = await loadSigningKey(config);
        new Logger('Integrity').log(`${generated ? 'generated a signing key in' : 'signing tree heads with'} ${file} (fingerprint ${key.publicKey.fingerprint})`);
        return key;
      },
      inject: [APP_CONFIG],
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
