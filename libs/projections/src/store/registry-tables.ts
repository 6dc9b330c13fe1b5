import type { ColumnType } from 'kysely';

/** PostgreSQL returns bigint columns as strings; callers convert with Number(). */
type BigIntColumn = ColumnType<number | string, number, number>;

export type GenerationState = 'building' | 'live' | 'retired' | 'dropped';

/** One generation of a read model: its physical tables and the checkpoint they are filled up to. */
export interface GenerationRow {
  name: string;
  generation: number;
  version: number;
  state: GenerationState;
  position: BigIntColumn;
  last_error: string | null;
  /** When the query indexes were created (null: not yet). */
  indexed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Which instance applies a version of a read model, until when (milliseconds since the epoch). */
export interface LeaseRow {
  name: string;
  version: number;
  holder: string;
  expires_at: BigIntColumn;
}

export interface RegistryTables {
  read_model_generations: GenerationRow;
  read_model_leases: LeaseRow;
}
