import { Module } from '@nestjs/common';
import { ReviewWritesController } from './review-writes.controller.js';

@Module({ controllers: [ReviewWritesController] })
export class ReviewsModule {}
