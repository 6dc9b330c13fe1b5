import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { interleaved, type Contender, type ScenarioResult } from '../stats.js';
import { summariseProfile, type ProfileSummary } from './cpu-profile.js';
import { formulateGoals, load, readRequests, startServer, withServers, writeRequests, type Server } from './http-load.js';

const CONNECTIONS = [1, 16, 64] as const;
const GOALS_TO_READ = 200;

/** The embedded store in its own data directory, as `npm start` runs it by default. */
const appEnv = (dataDir: string, extra: Record<string, string> = {}) => ({
  GOAL_LEDGER_STORE: 'sqlite',
  GOAL_LEDGER_DATA_DIR: dataDir,
  ...extra,
});

function loading(name: string, server: Server, connections: number, seconds: number, requests: (round: number) => Parameters<typeof load>[3]): Contender {
  return { name, measure: (round) => load(server.url, connections, seconds, requests(round)) };
}

/**
 * The HTTP command and query paths of the real API against a bare Nest application (the ceiling), at 1,
 * 16 and 64 connections, interleaved. At one connection the writes also run against the API with the
 * read-your-writes wait switched off, which shows what that wait costs.
 */
export async function httpPaths(workDir: string, seconds: number, rounds: number, report: (r: ScenarioResult) => void): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const servers = [
    () => startServer('app', appEnv(join(workDir, 'http-app'))),
    () => startServer('app', appEnv(join(workDir, 'http-no-wait'), { GOAL_LEDGER_PROJECTION_WAIT_MS: '0' })),
    () => startServer('bare'),
  ];
  await withServers(servers, async ([app, noWait, bare]) => {
    const goals = await formulateGoals(app.url, 'read', GOALS_TO_READ);
    const run = async (scenario: Parameters<typeof interleaved>[0]) => {
      const result = await interleaved(scenario, rounds);
      report(result);
      results.push(result);
    };
    for (const connections of CONNECTIONS) {
      const writes = (who: string) => (round: number) => writeRequests(`${who}-c${connections}-r${round}`);
      await run({
        group: 'HTTP',
        name: `write (formulate, then change status), ${connections} connection${connections > 1 ? 's' : ''}`,
        unit: 'requests/s',
        better: 'higher',
        note: 'embedded SQLite store',
        contenders: [
          loading('ours', app, connections, seconds, writes('ours')),
          loading('bare Nest endpoint', bare, connections, seconds, writes('bare')),
          ...(connections === 1 ? [loading('ours without the read-your-writes wait', noWait, connections, seconds, writes('nowait'))] : []),
        ],
      });
    }
    for (const connections of CONNECTIONS) {
      await run({
        group: 'HTTP',
        name: `read (GET a goal), ${connections} connection${connections > 1 ? 's' : ''}`,
        unit: 'requests/s',
        better: 'higher',
        note: 'embedded SQLite store',
        contenders: [
          loading('ours', app, connections, seconds, () => readRequests(goals)),
          loading('bare Nest endpoint', bare, connections, seconds, () => readRequests(goals)),
        ],
      });
    }
  });
  return results;
}

/**
 * Runs the write or the read load on a fresh API under V8's CPU profiler and summarises where its time
 * went; the profile itself is kept in `profileFile` for a flame graph (e.g. open it in Chrome DevTools).
 */
export async function profileLoad(
  kind: 'write' | 'read',
  workDir: string,
  seconds: number,
  connections: number,
  profileFile: string,
): Promise<ProfileSummary> {
  await withServers([() => startServer('app', appEnv(join(workDir, `http-profiled-${kind}`)))], async ([app]) => {
    const requests = kind === 'write' ? writeRequests('profiled') : readRequests(await formulateGoals(app.url, 'profiled', GOALS_TO_READ));
    await app.profiled(profileFile, () => load(app.url, connections, seconds, requests));
  });
  return summariseProfile(JSON.parse(readFileSync(profileFile, 'utf8')));
}
