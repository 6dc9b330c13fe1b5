import type { Response } from 'express';
import type { WriteResult } from '../commands/execute-command.js';
import { etagOf } from './etag.js';

/** The body of every write's answer. */
export interface WriteAnswer {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
}

/**
 * Sets the headers every write answers with (ETag, Idempotent-Replayed, X-Log-Position, and Location for a
 * write that creates a resource) and returns the body.
 */
export function writeResponse(response: Response, result: WriteResult, location?: string): WriteAnswer {
  if (location !== undefined) response.setHeader('Location', location);
  response.setHeader('ETag', etagOf(result.revision));
  response.setHeader('X-Log-Position', String(result.position));
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return { id: result.streamId, revision: result.revision, position: result.position };
}
