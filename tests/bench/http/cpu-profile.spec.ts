import { describe, expect, it } from '@jest/globals';
import { summariseProfile } from './cpu-profile.js';

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber });

/** A blocking SQLite commit under our append, idle time, and a sample of the profiler itself. */
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 6] },
    { id: 2, callFrame: frame('append', 'file:///app/dist/libs/event-store/src/sqlite/sqlite-event-store.js', 30), children: [4] },
    { id: 4, callFrame: frame('sqliteTransaction', 'file:///app/node_modules/better-sqlite3/lib/methods/transaction.js', 51), children: [5] },
    { id: 5, callFrame: frame('run') },
    { id: 3, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('post', 'node:inspector', 111), children: [7] },
    { id: 7, callFrame: frame('dispatch') },
  ],
  samples: [3, 5, 5, 3, 7],
  timeDeltas: [999_000, 2000, 3000, 1000, 5000],
};

describe('the CPU profile summary', () => {
  it("counts a native call where its JavaScript caller lives and names our line that led there", () => {
    const summary = summariseProfile(profile);
    expect(summary.byOrigin).toEqual([
      { name: 'package better-sqlite3', ms: 5, share: 5 / 6 },
      { name: '(idle)', ms: 1, share: 1 / 6 },
    ]);
    expect(summary.topFunctions[0]).toEqual({
      name: 'run (native) in better-sqlite3/lib/methods/transaction.js:52, from libs/event-store/src/sqlite/sqlite-event-store.js:31',
      ms: 5,
      share: 5 / 6,
    });
  });

  it("leaves out the first sample, whose delta spans the profiler's start, and the profiler's own frames", () => {
    expect(summariseProfile(profile).sampledMs).toBe(6);
  });
});
