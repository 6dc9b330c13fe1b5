import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to the embedded store under ./data on port 3000', () => {
    expect(loadConfig({})).toEqual({
      store: 'sqlite',
      dataDir: './data',
      databaseUrl: undefined,
      postgresSchema: 'public',
      port: 3000,
      host: '0.0.0.0',
      projectionWaitMs: 5000,
      logFormat: 'text',
    });
  });

  it('reads the PostgreSQL settings', () => {
    const config = loadConfig({ GOAL_LEDGER_STORE: 'postgres', DATABASE_URL: 'postgres://u@db:5432/ledger', GOAL_LEDGER_PG_SCHEMA: 'ledger', PORT: '8080' });
    expect(config).toMatchObject({ store: 'postgres', databaseUrl: 'postgres://u@db:5432/ledger', postgresSchema: 'ledger', port: 8080 });
  });

  it('names every bad variable with its value', () => {
    let error: unknown;
    try {
      loadConfig({ GOAL_LEDGER_STORE: 'postgres', PORT: 'eighty', GOAL_LEDGER_PG_SCHEMA: 'Drop Table' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^DATABASE_URL="": must be a postgres:\/\/ URL/m);
    expect(problems).toMatch(/^PORT="eighty": /m);
    expect(problems).toMatch(/^GOAL_LEDGER_PG_SCHEMA="Drop Table": /m);
    expect((error as ConfigError).problems).toHaveLength(3);
  });

  it('refuses an unknown store kind', () => {
    expect(() => loadConfig({ GOAL_LEDGER_STORE: 'mysql' })).toThrow(/GOAL_LEDGER_STORE="mysql": .*sqlite, postgres/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});
