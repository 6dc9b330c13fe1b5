import type { Role } from '#domain';

/** Who is calling, as authenticated: recorded as the actor of every event the call writes. */
export interface Identity {
  /** `api-key:{keyId}`, `oidc:{subject}` or the name of a process of the API itself. */
  readonly actor: string;
  readonly role: Role;
  /** The one municipality a `municipality_editor` writes for; null for every other role. */
  readonly municipalityId: string | null;
}

declare module 'express' {
  interface Request {
    identity?: Identity;
  }
}

/**
 * A process of the API itself (the review proposals) writing on behalf of `actor`, whose request caused it.
 * It acts programme-wide like a coordinator; it never comes from a request.
 */
export const systemIdentity = (actor: string): Identity => ({ actor, role: 'coordinator', municipalityId: null });
