import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { EventsController } from './events.controller.js';
import { DEFAULT_FEED_SETTINGS, FEED_SETTINGS } from './feed-settings.js';
import { LiveEventsController } from './live-events.controller.js';
import { LiveFeedHub } from './live-feed.hub.js';

/** The raw event feed for evaluators: pages, NDJSON and live SSE, straight from the log (no read model involved). */
@Module({
  imports: [AccessModule],
  controllers: [EventsController, LiveEventsController],
  providers: [LiveFeedHub, { provide: FEED_SETTINGS, useValue: DEFAULT_FEED_SETTINGS }],
})
export class EventsModule {}
