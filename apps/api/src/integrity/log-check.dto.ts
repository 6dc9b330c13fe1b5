import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Position } from '../http/validators.js';
import { HASH_EXAMPLE } from './tree-head.dto.js';

export class BundleQuery {
  @IsOptional()
  @Position()
  treeSize?: number;
}

export class MismatchDto {
  @ApiProperty({ type: Number, nullable: true, example: 37, description: 'Leaf index where the log and its tree first disagree; null when there is no place (e.g. only the root differs)' })
  index!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 112, description: 'Position of the event found at that index, if any' })
  position!: number | null;

  @ApiProperty({ example: 'the event at position 112 does not hash to leaf 37 of the tree' })
  reason!: string;
}

export class VerificationReportDto {
  @ApiProperty({ example: true, description: 'Whether every stored event hashes to its recorded leaf and the leaves make the root' })
  ok!: boolean;

  @ApiPropertyOptional({ example: 1204332, description: 'When ok: the events verified' })
  treeSize?: number;

  @ApiPropertyOptional({ example: HASH_EXAMPLE, description: 'When ok: the root they make, base64' })
  rootHash?: string;

  @ApiPropertyOptional({ example: '2026-11-28T12:00:00.000Z', description: 'When ok: when the verified head was signed' })
  timestamp?: string;

  @ApiPropertyOptional({ example: 'goal-ledger' })
  logId?: string;

  @ApiPropertyOptional({ example: '3f5c0c1e9b7e54d1a0c2f88e0a5f3d6b1e2c4a7d9f0b3e6a8c1d4f7a2b5e8e1', description: 'When ok: of the signing key' })
  fingerprint?: string;

  @ApiPropertyOptional({ type: MismatchDto, description: 'When not ok: the first place where the log and its tree disagree' })
  firstMismatch?: MismatchDto;
}

export const BUNDLE_EXAMPLE = [
  '{"kind":"goal-ledger-bundle","version":1,"treeHead":{"treeSize":2,"rootHash":"…","timestamp":"2026-11-28T12:00:00.000Z","logId":"goal-ledger","signature":"…"},"publicKey":"-----BEGIN PUBLIC KEY-----\\n…\\n-----END PUBLIC KEY-----\\n"}',
  '{"index":0,"leafHash":"…","event":{"id":"0190b2c4-8a2e-7c41-b3f0-5d6e7f809a1b","stream":"goal-warendorf-netzwerk","revision":0,"position":1,"type":"GoalFormulated","schemaVersion":1,"data":{},"metadata":{}}}',
  '{"index":1,"leafHash":"…","event":{}}',
].join('\n');
