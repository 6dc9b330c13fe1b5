import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/** The filter parameters, shared by the page, NDJSON and live feeds. */
export const ApiFeedFilters = () =>
  applyDecorators(
    ApiQuery({
      name: 'category',
      required: false,
      description: 'Only streams of these categories (the part of the stream name before its first `-`), comma-separated',
      example: 'goal,review',
    }),
    ApiQuery({ name: 'stream', required: false, description: 'Only these streams, comma-separated', example: 'goal-warendorf-netzwerk' }),
    ApiQuery({ name: 'type', required: false, description: 'Only these event types, comma-separated', example: 'GoalStatusChanged,GoalRevised' }),
  );

const EXAMPLE_EVENT = {
  id: '0190b2c4-8a2e-7c41-b3f0-5d6e7f809a1b',
  stream: 'goal-warendorf-netzwerk',
  revision: 1,
  position: 1207,
  type: 'GoalStatusChanged',
  schemaVersion: 2,
  storedSchemaVersion: 2,
  data: { goalId: 'warendorf-netzwerk', to: 'in_progress', reason: 'Auftakt mit den Kitas' },
  metadata: {
    actor: 'lks@kekiz.nrw',
    correlationId: '0190b2c4-5e1f-7a3b-9c2d-1e4f5a6b7c8d',
    causationId: null,
    occurredAt: '2013-06-01T00:00:00.000Z',
    command: 'ChangeGoalStatus',
    recordedAt: '2026-11-22T20:42:02.464Z',
  },
};

export const NDJSON_EXAMPLE = `${JSON.stringify(EXAMPLE_EVENT)}\n${JSON.stringify({ ...EXAMPLE_EVENT, revision: 2, position: 1210 })}\n`;

export const SSE_EXAMPLE = `: events after position 1206\n\nid: 1207\nevent: GoalStatusChanged\ndata: ${JSON.stringify(EXAMPLE_EVENT)}\n\n: heartbeat\n\n`;
