import { ProblemException } from '../problems/problem.exception.js';

/**
 * Cursors are opaque to clients: base64url of the last key of the previous page. Keeping them opaque
 * leaves room to change the paging key without breaking clients.
 */
export function encodeCursor(afterKey: string): string {
  return Buffer.from(JSON.stringify({ after: afterKey })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && 'after' in decoded && typeof decoded.after === 'string') {
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
