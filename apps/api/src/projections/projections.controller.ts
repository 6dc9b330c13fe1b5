import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-docs.js';
import { ProjectionsService } from './projections.service.js';

class ProjectionStatusDto {
  @ApiProperty({ example: 'goal-details' })
  name!: string;

  @ApiProperty({ example: 1, description: 'Version of the fold; a new version rebuilds the read model' })
  version!: number;

  @ApiProperty({ enum: ['stopped', 'starting', 'running', 'retrying', 'superseded'] })
  state!: string;

  @ApiProperty({ example: 1200, description: 'Global position of the last event applied' })
  checkpoint!: number;

  @ApiProperty({ example: 0, description: 'Positions between the checkpoint and the head of the log' })
  lag!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The last failure, while retrying' })
  lastError!: string | null;
}

@ApiTags('admin')
@Controller('v1/admin/projections')
export class ProjectionsController {
  constructor(private readonly projections: ProjectionsService) {}

  @Get()
  @ApiOperation({ summary: 'Read models: checkpoint, lag and state of each' })
  @ApiOkResponse({ type: [ProjectionStatusDto] })
  @ApiProblems('service-unavailable')
  status(): Promise<ProjectionStatusDto[]> {
    return this.projections.status();
  }

  @Post(':name/rebuild')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rebuild a read model from position 0',
    description: 'Empties the read model and replays the whole log into it; reads show partial data until it has caught up.',
  })
  @ApiParam({ name: 'name', example: 'goal-details' })
  @ApiOkResponse({ type: ProjectionStatusDto })
  @ApiProblems('not-found', 'projection-superseded', 'service-unavailable')
  rebuild(@Param('name') name: string): Promise<ProjectionStatusDto> {
    return this.projections.rebuild(name);
  }
}
