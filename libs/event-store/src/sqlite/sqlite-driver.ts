import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3 in the build that runs on this Node.js:
 * - 13.x (Node-API, prebuilt) on Node 22 and later. 12.x compiled against Node ≥ 24.19 headers aborts
 *   when the garbage collector finalises a statement (nodejs/node#65446);
 * - 12.x on Node 20, where 13.x crashes on load (it requires Node 22).
 * Both are installed (13.x under the alias better-sqlite3-napi); they share one API.
 */
const require = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);
/** The driver module's resolved path, for a worker thread that opens its own connection. */
export const sqliteDriverPath = require.resolve(nodeMajor >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3');
const Driver = require(sqliteDriverPath) as typeof BetterSqlite3;

export function openSqlite(file: string, options?: BetterSqlite3.Options): BetterSqlite3.Database {
  return new Driver(file, options);
}
