import type { Response } from 'express';
import { etagOf } from '../../http/etag.js';
import type { WriteResultDto } from '../goal.dto.js';
import type { WriteResult } from './goal-writer.js';

/** Sets the headers every write answers with and returns the body. */
export function writeResponse(response: Response, result: WriteResult): WriteResultDto {
  response.setHeader('ETag', etagOf(result.revision));
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return { id: result.goalId, revision: result.revision, position: result.position };
}
