import type { Projection } from './projection.js';

/** Injection token of the ProjectionStore port. */
export const PROJECTION_STORE = Symbol('ProjectionStore');

export type ProjectionVersion = Pick<Projection, 'name' | 'version'>;

export interface ProjectionCheckpoint {
  readonly name: string;
  readonly version: number;
  /** Global position of the last event applied (0 = none). */
  readonly position: number;
  readonly updatedAt: string;
}

export interface FindOptions {
  /** Equality filters on the projection's filterable fields. */
  readonly where: Readonly<Record<string, string>>;
  /** Keyset pagination: only documents whose key sorts after this one. */
  readonly afterKey?: string;
  readonly limit: number;
}

export interface StoredDocument<Doc extends object = object> {
  readonly key: string;
  readonly document: Doc;
}

/**
 * Where read models live: documents by key plus one checkpoint per projection, written together in
 * one transaction so that a document never reflects an event its checkpoint does not cover.
 */
export interface ProjectionStore {
  /**
   * Creates the projection's checkpoint and filter indexes when missing. An older stored version
   * empties the read model, so it is rebuilt from position 0; a newer one is left alone and returned,
   * so the caller sees that it is superseded.
   */
  prepare(projection: Projection): Promise<ProjectionCheckpoint>;
  checkpoint(name: string): Promise<ProjectionCheckpoint | undefined>;
  checkpoints(): Promise<ProjectionCheckpoint[]>;
  load(name: string, keys: readonly string[]): Promise<Map<string, object>>;
  /**
   * Saves documents and moves the checkpoint from `from` to `to`, atomically. Returns false and writes
   * nothing when the checkpoint is no longer at `from` (another runner got there first) or the read model
   * is kept by another version of the projection (a newer fold took over).
   */
  commit(projection: ProjectionVersion, from: number, to: number, documents: ReadonlyMap<string, object>): Promise<boolean>;
  get(name: string, key: string): Promise<object | undefined>;
  find(name: string, options: FindOptions): Promise<StoredDocument[]>;
  /** Empties the read model and sets its checkpoint to 0, e.g. to rebuild it. */
  reset(projection: Projection): Promise<void>;
}
