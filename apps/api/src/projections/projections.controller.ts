import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-docs.js';
import { ProjectionsService } from './projections.service.js';
import { Allow } from '../access/access.decorator.js';

class RebuildStatusDto {
  @ApiProperty({ example: 4, description: 'The generation being built in the shadow' })
  generation!: number;

  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ example: 640, description: 'Global position the shadow generation has reached' })
  checkpoint!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The last failure of the rebuild, while it is retried' })
  lastError!: string | null;
}

class ProjectionStatusDto {
  @ApiProperty({ example: 'goals' })
  name!: string;

  @ApiProperty({ example: 1, description: 'Version of the read model; a new version is built in the shadow and swapped in' })
  version!: number;

  @ApiProperty({ enum: ['stopped', 'starting', 'running', 'following', 'retrying', 'superseded'] })
  state!: string;

  @ApiProperty({ example: 1200, description: 'Global position of the last event the live generation holds' })
  checkpoint!: number;

  @ApiProperty({ example: 0, description: 'Positions between the checkpoint and the head of the log' })
  lag!: number;

  @ApiProperty({ example: 0, description: 'Seconds of recording time between the last event applied and the head of the log (0 when caught up)' })
  lagSeconds!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The last failure, while retrying' })
  lastError!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 3, description: 'The live generation, whose tables the reads query' })
  generation!: number | null;

  @ApiProperty({
    example: true,
    description: 'Whether the live generation has its query indexes: a first generation filled in place on a long log gets them once caught up, and the instance is not ready before',
  })
  indexed!: boolean;

  @ApiProperty({ example: true, description: 'Whether this instance applies the read model (holds its lease)' })
  holder!: boolean;

  @ApiProperty({ type: RebuildStatusDto, nullable: true, description: 'The rebuild under way, if any' })
  rebuild!: RebuildStatusDto | null;
}

@ApiTags('admin')
@Allow('admin')
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
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild a read model from position 0, in the shadow',
    description:
      'Builds a new generation of the read model from the whole log while the live one keeps serving, and swaps it in once it has caught up. ' +
      'Answers at once with the status; `rebuild` shows the progress. Asking again while a rebuild is under way changes nothing. ' +
        'Process managers (`review-status-proposals`) are not rebuilt: replaying one would send its commands again.',
  })
  @ApiParam({ name: 'name', example: 'goals' })
  @ApiAcceptedResponse({ type: ProjectionStatusDto })
  @ApiProblems('not-found', 'projection-superseded', 'process-manager-not-rebuilt', 'service-unavailable')
  rebuild(@Param('name') name: string): Promise<ProjectionStatusDto> {
    return this.projections.rebuild(name);
  }
}
