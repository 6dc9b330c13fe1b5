import { ApiProperty } from '@nestjs/swagger';

/** Answer of every write. */
export class WriteResultDto {
  @ApiProperty({ example: 'kreis-warendorf', description: 'Id of the resource written (its stream id)' })
  id!: string;

  @ApiProperty({ example: 1, description: "The stream's revision after the write; also returned as ETag" })
  revision!: number;

  @ApiProperty({ example: 42, description: 'Global position of the last event written; pass it as minPosition to a read to see the write' })
  position!: number;
}
