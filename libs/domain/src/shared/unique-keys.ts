import { z } from 'zod';
import { streamName } from './decider.js';
import { defineEvents } from './event-catalogue.js';

/** Claims of unique keys live in streams `claim-{key}`: the latest claim names the owner (see the API's KeyClaims). */
export const CLAIM_CATEGORY = 'claim';
export const KEY_CLAIMED = 'KeyClaimed';
export const claimStream = (key: string): string => streamName(CLAIM_CATEGORY, key);

export const CLAIM_EVENTS = defineEvents(CLAIM_CATEGORY, {
  [KEY_CLAIMED]: {
    version: 1,
    description: 'A key that must be unique across the registry (e.g. `ags.05570`) now belongs to the stream `owner`.',
    schema: z.strictObject({ key: z.string().min(1).max(200), owner: z.string().min(1).max(200) }),
    correctable: [],
  },
});
