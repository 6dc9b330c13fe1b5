import { ROLES, type Role } from '#domain';
import { issueApiKey } from './access.js';
import type { Http } from './e2e-http.js';
import type { TestIdentityProvider } from './identity-provider.js';

/** The municipality the console's examples write to, and one whose editor must not write there. */
export const HOME_MUNICIPALITY = 'kreis-warendorf';
export const FOREIGN_MUNICIPALITY = 'kreis-dueren';

/** What a caller's credential is made with: the test admin of the caller's store, and the identity provider. */
export interface CallerTools {
  readonly admin: Http;
  readonly provider: TestIdentityProvider;
}

/** One kind of caller of the access matrix. */
export interface Caller {
  readonly name: string;
  /** Whom the server is to take the caller for; none when its credentials must be refused with 401. */
  readonly identity?: { readonly role: Role; readonly municipalityId?: string };
  /** The credential sent as `Authorization: Bearer …`, made in the caller's own store; none sends no header. */
  credential(tools: CallerTools): Promise<string | undefined>;
}

const editorsMunicipality = (role: Role) => (role === 'municipality_editor' ? HOME_MUNICIPALITY : undefined);

const apiKey = (role: Role, municipalityId?: string) => async ({ admin }: CallerTools) => (await issueApiKey(admin, { role, municipalityId, name: `matrix ${role}` })).key;

/** The claims a Keycloak realm puts in a person's access token: their roles and, for an editor, the municipality. */
const person = (role: Role, municipality?: string) => ({ sub: `matrix-${role}-${municipality ?? 'all'}`, realm_access: { roles: ['offline_access', role] }, ...(municipality ? { municipality } : {}) });

const anAdminKey = async ({ admin }: CallerTools) => issueApiKey(admin, { role: 'admin', name: 'matrix refused admin' });

/** Every role by API key and by access token, editors of another municipality, and credentials that must not work. */
export const CALLERS: readonly Caller[] = [
  ...ROLES.map((role): Caller => ({ name: `${role} (API key)`, identity: { role, municipalityId: editorsMunicipality(role) }, credential: apiKey(role, editorsMunicipality(role)) })),
  { name: 'municipality_editor of another municipality (API key)', identity: { role: 'municipality_editor', municipalityId: FOREIGN_MUNICIPALITY }, credential: apiKey('municipality_editor', FOREIGN_MUNICIPALITY) },
  {
    name: 'revoked API key',
    credential: async (tools) => {
      const { id, key } = await anAdminKey(tools);
      await tools.admin().post(`/v1/admin/api-keys/${id}/revoke`).send({ reason: 'Mitarbeiter ausgeschieden' }).expect(200);
      return key;
    },
  },
  {
    name: 'expired API key',
    credential: async ({ admin }) => {
      // The API issues keys only with an expiry in the future: this one expires a moment after.
      const expiresAt = Date.now() + 1000;
      const { key } = await issueApiKey(admin, { role: 'admin', name: 'matrix expired', expiresAt: new Date(expiresAt).toISOString() });
      await new Promise((resolve) => setTimeout(resolve, expiresAt + 100 - Date.now()));
      return key;
    },
  },
  { name: 'forged API key', credential: () => Promise.resolve('glk_forged-key-that-nobody-issued-000000000') },
  { name: 'no credentials', credential: () => Promise.resolve(undefined) },
  ...ROLES.map((role): Caller => ({ name: `${role} (access token)`, identity: { role, municipalityId: editorsMunicipality(role) }, credential: ({ provider }) => provider.token(person(role, editorsMunicipality(role))) })),
  {
    name: 'municipality_editor of another municipality (access token)',
    identity: { role: 'municipality_editor', municipalityId: FOREIGN_MUNICIPALITY },
    credential: ({ provider }) => provider.token(person('municipality_editor', FOREIGN_MUNICIPALITY)),
  },
  // Beyond the server's 30 s of clock tolerance.
  { name: 'expired access token', credential: ({ provider }) => provider.token(person('admin'), { expiresIn: Math.floor(Date.now() / 1000) - 3600 }) },
  { name: 'access token signed by another key', credential: ({ provider }) => provider.token(person('admin'), { forged: true }) },
  { name: 'access token for another audience', credential: ({ provider }) => provider.token(person('admin'), { audience: 'another-service' }) },
  // Valid, but the person has no role of goal-ledger's in the realm.
  { name: 'access token naming none of the roles', credential: ({ provider }) => provider.token({ sub: 'matrix-no-role', realm_access: { roles: ['offline_access', 'uma_authorization'] } }) },
];
