import { describe, expect, it } from '@jest/globals';
import { TEST_ADMIN_HEADERS } from '../../support/test-admin.js';
import { readRequests, writeRequests } from './http-load.js';

/** Every request of the HTTP benchmark's loads must be authenticated, or the API answers 401 and the run fails. */
describe('the HTTP benchmark loads', () => {
  it('send the admin credentials with every write and every read', () => {
    for (const request of [...writeRequests('w'), ...readRequests(['g-1'])]) expect(request.headers).toMatchObject(TEST_ADMIN_HEADERS);
  });
});
