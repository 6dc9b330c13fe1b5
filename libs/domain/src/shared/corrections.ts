import { z } from 'zod';
import { defineEvents } from './event-catalogue.js';
import { text } from './values.js';

/**
 * A wrong fact is corrected by a new event in the same stream, never by editing it: `EventRetracted`
 * says the fact at `revision` did not happen, `EventSuperseded` replaces its data and world time.
 * The latest correction of a revision wins; views fold the corrected history.
 */
export const RETRACTED = 'EventRetracted';
export const SUPERSEDED = 'EventSuperseded';

export interface EventRetractedData {
  readonly revision: number;
  readonly reason: string;
}

export interface EventSupersededData {
  readonly revision: number;
  readonly reason: string;
  /** Type and schema version of the replacement data (the corrected fact's own type). */
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
}

export const isCorrection = (type: string): boolean => type === RETRACTED || type === SUPERSEDED;

const revision = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const CORRECTION_EVENTS = defineEvents('*', {
  [RETRACTED]: {
    version: 1,
    description: 'The fact at `revision` of the same stream did not happen; views drop it from this recording on.',
    schema: z.strictObject({ revision, reason: text(2000) }),
    correctable: [],
  },
  [SUPERSEDED]: {
    version: 1,
    description:
      'The fact at `revision` of the same stream is replaced by `data` (of its own type) at this event\'s world time; views fold the replacement from this recording on.',
    schema: z.strictObject({
      revision,
      reason: text(2000),
      type: z.string().min(1).max(100),
      schemaVersion: z.number().int().min(1),
      data: z.record(z.string(), z.unknown()),
    }),
    correctable: [],
    upcastContent: (data, catalogue) => {
      const superseded = data as unknown as EventSupersededData;
      const content = catalogue.upcast(superseded.type, superseded.schemaVersion, superseded.data);
      return content.data === superseded.data ? data : { ...data, schemaVersion: content.version, data: content.data };
    },
  },
});

