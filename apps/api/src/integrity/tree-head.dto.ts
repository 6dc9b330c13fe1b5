import { ApiProperty } from '@nestjs/swagger';

const HASH = 'PH6byTDck/AfppmF7yQtn56GHzxTVaokzl70tLinDMs=';

export class SignedTreeHeadDto {
  @ApiProperty({ example: 1204, description: 'How many events the head covers (the first ones in position order)' })
  treeSize!: number;

  @ApiProperty({ example: HASH, description: 'RFC 9162 root of the tree of those events, base64' })
  rootHash!: string;

  @ApiProperty({ example: '2026-11-28T12:00:00.000Z', description: 'When the head was issued: the server’s clock, not a proof of time' })
  timestamp!: string;

  @ApiProperty({ example: 'goal-ledger', description: 'Names the log (GOAL_LEDGER_LOG_ID)' })
  logId!: string;

  @ApiProperty({
    example: 'tmgIY8m0VqPj2b6o0dRk3tB8bm0lqzWrbLTcq7iLqDS2KBuh2wSSZyKTmHlmM5dvK1b9ZQi7F1lPjqRyV9DgAw==',
    description: 'Ed25519 over the RFC 8785 JSON of the four fields above, base64',
  })
  signature!: string;
}

export class PublicKeyDto {
  @ApiProperty({ example: 'Ed25519' })
  algorithm!: string;

  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n', description: 'SPKI PEM' })
  publicKey!: string;

  @ApiProperty({
    example: '3f5c0c1e9b7e54d1a0c2f88e0a5f3d6b1e2c4a7d9f0b3e6a8c1d4f7a2b5e8e1',
    description: 'SHA-256 of the SPKI DER encoding, hex: compare it with what the operator gave you through another channel',
  })
  fingerprint!: string;

  @ApiProperty({ example: 'goal-ledger' })
  logId!: string;
}

export const HASH_EXAMPLE = HASH;
