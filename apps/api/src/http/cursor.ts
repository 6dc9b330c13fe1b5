import { ProblemException } from '../problems/problem.exception.js';

/**
 * Cursors are opaque to clients: base64url of the last key of the previous page and of the list it pages
 * (`scope`: the endpoint, its path and its sort), so that a cursor given to another list or another sort is
 * refused rather than silently starting that list somewhere. Keeping them opaque leaves room to change
 * the paging key without breaking clients.
 */
export function encodeCursor(scope: string, afterKey: string): string {
  return Buffer.from(JSON.stringify({ scope, after: afterKey })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, scope: string): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && 'after' in decoded && typeof decoded.after === 'string' && 'scope' in decoded && decoded.scope === scope) {
      return decoded.after;
    }
  } catch {
    // Falls through to the validation problem below.
  }
  throw invalidCursor();
}

export function invalidCursor(): ProblemException {
  return ProblemException.validation([
    { location: 'query', field: 'cursor', messages: ['cursor must be a nextCursor value returned by this API'] },
  ]);
}
