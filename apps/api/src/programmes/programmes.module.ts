import { Module } from '@nestjs/common';
import { ProgrammeWritesController } from './programme-writes.controller.js';

@Module({ controllers: [ProgrammeWritesController] })
export class ProgrammesModule {}
