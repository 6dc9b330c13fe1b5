import { z } from 'zod';
import { defineEvents } from '../shared/event-catalogue.js';
import { identifier, instant, text } from '../shared/values.js';
import { ROLES } from './api-key.types.js';

export const API_KEY_EVENTS = defineEvents('apikeys', {
  ApiKeyIssued: {
    version: 1,
    description: 'An admin issued an API key: its name, role (and municipality for an editor), expiry, and the SHA-256 of the key — never the key.',
    schema: z.strictObject({
      keyId: identifier,
      name: text(200),
      role: z.enum(ROLES),
      municipalityId: identifier.nullable(),
      expiresAt: instant.nullable(),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      prefix: z.string().regex(/^[\x21-\x7e]{1,16}$/),
    }),
    correctable: [],
  },
  ApiKeyRevoked: {
    version: 1,
    description: 'An admin revoked an API key; from this event on, every instance refuses it.',
    schema: z.strictObject({ keyId: identifier, reason: text(500) }),
    correctable: [],
  },
});
