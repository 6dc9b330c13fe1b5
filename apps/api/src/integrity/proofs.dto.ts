import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Position } from '../http/validators.js';
import { HASH_EXAMPLE, SignedTreeHeadDto } from './tree-head.dto.js';

export class InclusionProofQuery {
  @Position()
  position!: number;

  @IsOptional()
  @Position()
  treeSize?: number;
}

export class ConsistencyProofQuery {
  @Position()
  from!: number;

  @IsOptional()
  @Position()
  to?: number;
}

export class InclusionProofDto {
  @ApiProperty({ example: 1207, description: 'Log position of the event' })
  position!: number;

  @ApiProperty({ example: 1150, description: 'Its leaf index: the number of events before it in position order' })
  leafIndex!: number;

  @ApiProperty({ example: 1204332, description: 'Size of the tree the proof is for' })
  treeSize!: number;

  @ApiProperty({ example: HASH_EXAMPLE, description: 'SHA-256(0x00 ‖ canonical bytes of the event), base64: recompute it from the event' })
  leafHash!: string;

  @ApiProperty({ type: [String], example: [HASH_EXAMPLE], description: 'The audit path of RFC 9162 §2.1.3.1, from the leaf up, base64' })
  proof!: string[];

  @ApiProperty({ type: SignedTreeHeadDto, description: 'A head of `treeSize` events, signed now: the root the proof leads to' })
  treeHead!: SignedTreeHeadDto;
}

export class ConsistencyProofDto {
  @ApiProperty({ example: 1000000, description: 'Size of the older tree' })
  from!: number;

  @ApiProperty({ example: 1204332, description: 'Size of the newer tree' })
  to!: number;

  @ApiProperty({ example: HASH_EXAMPLE, description: 'Root of the older tree, base64: compare it with the head you kept' })
  fromRootHash!: string;

  @ApiProperty({ type: [String], example: [HASH_EXAMPLE], description: 'The proof of RFC 9162 §2.1.4.1, base64; empty when `from` is 0 or equals `to`' })
  proof!: string[];

  @ApiProperty({ type: SignedTreeHeadDto, description: 'A head of `to` events, signed now' })
  treeHead!: SignedTreeHeadDto;
}
