import { ApiProperty } from '@nestjs/swagger';

/** The bookkeeping every view of one stream shows after its own fields. */
export class StreamFieldsDto {
  @ApiProperty({ example: '2015-09-30T00:00:00.000Z', description: 'World time of the latest event that had happened by asOf' })
  latestOccurredAt!: string;

  @ApiProperty({ example: '2015-10-02T09:14:03.120Z', description: 'System time of the latest event recorded by knownAt' })
  updatedAt!: string;

  @ApiProperty({ example: 2, description: 'Stream revision as known at knownAt; the ETag' })
  revision!: number;

  @ApiProperty({ example: 7, description: 'Log position of that latest event' })
  position!: number;
}
