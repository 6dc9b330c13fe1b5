import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';
import { ENVIRONMENT } from './environment.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('defaults to the embedded store under ./data on port 3000, logging JSON', () => {
    expect(loadConfig({})).toEqual({
      store: 'sqlite',
      dataDir: './data',
      databaseUrl: undefined,
      postgresSchema: 'public',
      storeWaitMs: 0,
      port: 3000,
      host: '0.0.0.0',
      metricsPort: undefined,
      projectionWaitMs: 5000,
      readyMaxLag: 100,
      shutdownTimeoutMs: 10_000,
      signingKeyFile: undefined,
      logId: 'goal-ledger',
      treeHeadEvents: 1000,
      treeHeadSeconds: 60,
      seedExample: false,
      logFormat: 'json',
      logLevel: 'info',
      bodyLimitBytes: 262_144,
      requestTimeoutMs: 30_000,
      corsOrigins: [],
      adminApiKey: undefined,
      rateLimit: 600,
      rateLimitWindowMs: 60_000,
      oidc: undefined,
    });
  });

  it('reads the PostgreSQL settings', () => {
    const config = loadConfig({ GOAL_LEDGER_STORE: 'postgres', DATABASE_URL: 'postgres://u@db:5432/ledger', GOAL_LEDGER_PG_SCHEMA: 'ledger', PORT: '8080' });
    expect(config).toMatchObject({ store: 'postgres', databaseUrl: 'postgres://u@db:5432/ledger', postgresSchema: 'ledger', port: 8080 });
  });

  it('answers a bad port with one line that names the variable and what it accepts', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT="abc" is not valid: expected an integer from 0 to 65535']);
  });

  it('reports a value that breaks several rules of one variable once', () => {
    expect(problemsOf({ PORT: '99999.5' })).toEqual(['PORT="99999.5" is not valid: expected an integer from 0 to 65535']);
  });

  it('names every bad variable, one line each', () => {
    const problems = problemsOf({ GOAL_LEDGER_STORE: 'postgres', PORT: 'eighty', GOAL_LEDGER_PG_SCHEMA: 'Drop Table' });
    expect(problems).toEqual([
      'GOAL_LEDGER_PG_SCHEMA="Drop Table" is not valid: expected a lower-case PostgreSQL identifier',
      'PORT="eighty" is not valid: expected an integer from 0 to 65535',
      'DATABASE_URL is required when GOAL_LEDGER_STORE=postgres: expected a `postgres://` URL',
    ]);
  });

  it('never echoes the database URL, which may hold a password', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://admin:s3cret@db/ledger' })).toEqual(['DATABASE_URL is not valid: expected a `postgres://` URL']);
  });

  it('refuses an unknown store kind and lists the kinds it knows', () => {
    expect(problemsOf({ GOAL_LEDGER_STORE: 'mysql' })).toEqual(['GOAL_LEDGER_STORE="mysql" is not valid: expected `sqlite` or `postgres`']);
  });

  it('reads the CORS origins as a list, or * for any origin', () => {
    expect(loadConfig({ GOAL_LEDGER_CORS_ORIGINS: 'https://a.example,http://localhost:8080' }).corsOrigins).toEqual(['https://a.example', 'http://localhost:8080']);
    expect(loadConfig({ GOAL_LEDGER_CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(problemsOf({ GOAL_LEDGER_CORS_ORIGINS: 'https://a.example/path' })).toHaveLength(1);
  });

  it('never echoes the admin API key', () => {
    expect(problemsOf({ GOAL_LEDGER_ADMIN_API_KEY: 'short secret' })).toEqual(['GOAL_LEDGER_ADMIN_API_KEY is not valid: expected 32 to 256 visible ASCII characters']);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 3000, logLevel: 'info' });
  });

  it('accepts the default of every variable that has one', () => {
    for (const [name, variable] of Object.entries(ENVIRONMENT)) {
      if ('default' in variable) expect({ name, ok: variable.schema.safeParse(variable.default).success }).toEqual({ name, ok: true });
    }
  });
});
