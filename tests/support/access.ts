import type { Role } from '#domain';
import type { Http } from './e2e-http.js';

/** A key issued through the API for a test: the key, its id, the actor its writes record, and its header. */
export interface IssuedKey {
  readonly id: string;
  readonly key: string;
  readonly actor: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface KeyRequest {
  readonly role: Role;
  readonly name?: string;
  readonly municipalityId?: string;
  readonly expiresAt?: string;
}

/** Issues an API key as the test admin (`http` sends the admin's key by default). */
export async function issueApiKey(http: Http, { name, ...request }: KeyRequest): Promise<IssuedKey> {
  const response = await http()
    .post('/v1/admin/api-keys')
    .send({ name: name ?? `${request.role} of a test`, ...request });
  if (response.status !== 201) throw new Error(`issuing a ${request.role} key: ${response.status} ${JSON.stringify(response.body)}`);
  const { id, key } = response.body as { id: string; key: string };
  return { id, key, actor: `api-key:${id}`, headers: { authorization: `Bearer ${key}` } };
}

export const bearer = (credential: string): Readonly<Record<string, string>> => ({ authorization: `Bearer ${credential}` });
