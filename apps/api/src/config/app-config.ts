import { Type, plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';

/** The environment variables goal-ledger reads; README.md documents each. */
class Environment {
  @IsIn(['sqlite', 'postgres'])
  GOAL_LEDGER_STORE: 'sqlite' | 'postgres' = 'sqlite';

  @IsString()
  @IsNotEmpty()
  GOAL_LEDGER_DATA_DIR = './data';

  @ValidateIf((env: Environment) => env.GOAL_LEDGER_STORE === 'postgres')
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL when GOAL_LEDGER_STORE=postgres' })
  DATABASE_URL?: string;

  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case PostgreSQL identifier' })
  GOAL_LEDGER_PG_SCHEMA = 'public';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = '0.0.0.0';

  /** How long a write waits for the read models to show it (read-your-writes). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  GOAL_LEDGER_PROJECTION_WAIT_MS = 5000;

  @IsOptional()
  @IsIn(['text', 'json'])
  LOG_FORMAT?: 'text' | 'json';
}

const VARIABLES = [
  'GOAL_LEDGER_STORE',
  'GOAL_LEDGER_DATA_DIR',
  'DATABASE_URL',
  'GOAL_LEDGER_PG_SCHEMA',
  'PORT',
  'HOST',
  'GOAL_LEDGER_PROJECTION_WAIT_MS',
  'LOG_FORMAT',
] as const;

export interface AppConfig {
  readonly store: 'sqlite' | 'postgres';
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly postgresSchema: string;
  readonly port: number;
  readonly host: string;
  readonly projectionWaitMs: number;
  readonly logFormat: 'text' | 'json';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  // An empty variable counts as unset, so `PORT= npm start` falls back to the default.
  const given = Object.fromEntries(VARIABLES.filter((name) => env[name]).map((name) => [name, env[name]]));
  const parsed = plainToInstance(Environment, given, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => `${e.property}=${JSON.stringify(env[e.property] ?? '')}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return {
    store: parsed.GOAL_LEDGER_STORE,
    dataDir: parsed.GOAL_LEDGER_DATA_DIR,
    databaseUrl: parsed.DATABASE_URL,
    postgresSchema: parsed.GOAL_LEDGER_PG_SCHEMA,
    port: parsed.PORT,
    host: parsed.HOST,
    projectionWaitMs: parsed.GOAL_LEDGER_PROJECTION_WAIT_MS,
    logFormat: parsed.LOG_FORMAT ?? 'text',
  };
}
