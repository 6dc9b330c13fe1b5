import { expect } from '@jest/globals';
import fc from 'fast-check';
import { isProblemJson, type Http } from './e2e-http.js';

/** Values that broke query parsers elsewhere, beside arbitrary text and arbitrary code units. */
const ODD_VALUES = ['', '-1', '1e400', '2013-02-30', 'true', ';', '%', '__proto__', '\u0000', '\uFFFF'];

/**
 * Property: any query string made of the endpoint's own parameter names (plus prototype keys and a
 * stranger), with any values, single or repeated, is answered 200 or with a problem document, never 5xx.
 */
export async function fuzzQueries(http: Http, path: string, names: readonly string[], accept = 'application/json', numRuns = 60): Promise<void> {
  const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...ODD_VALUES));
  const keys = fc.constantFrom(...names, '__proto__', 'constructor', 'x');
  const query = fc.dictionary(keys, fc.oneof(value, fc.array(value, { maxLength: 3 })), { maxKeys: 5 });
  await fc.assert(
    fc.asyncProperty(query, async (params) => {
      const response = await http().get(path).query(params).set('Accept', accept);
      expect(response.status === 200 || (response.status < 500 && isProblemJson(response))).toBe(true);
    }),
    { numRuns },
  );
}
