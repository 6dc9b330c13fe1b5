export * from './hashing.js';
export * from './proof-plans.js';
export * from './node-store.js';
export * from './compact-range.js';
export * from './merkle-tree.js';
export * from './verify-proofs.js';
