import { Module } from '@nestjs/common';
import { MunicipalityWritesController } from './municipality-writes.controller.js';

@Module({ controllers: [MunicipalityWritesController] })
export class MunicipalitiesModule {}
