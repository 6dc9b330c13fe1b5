import { ENVIRONMENT, type Environment, type Variable, type VariableName } from './environment.js';

export type LogLevel = Environment['LOG_LEVEL'];

export interface AppConfig {
  readonly store: 'sqlite' | 'postgres';
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly postgresSchema: string;
  /** How long start-up retries an unreachable database (0: give up at once). */
  readonly storeWaitMs: number;
  readonly port: number;
  readonly host: string;
  /** Serve /metrics on this port instead of the API port. */
  readonly metricsPort?: number;
  readonly projectionWaitMs: number;
  /** Events a read model may lag behind the log while the instance still reports ready. */
  readonly readyMaxLag: number;
  readonly shutdownTimeoutMs: number;
  /** The key that signs tree heads; absent: `signing-key.pem` in the data directory, generated when missing. */
  readonly signingKeyFile?: string;
  readonly logId: string;
  /** A new signed tree head once the tree has grown by this many events, or when the last is `treeHeadSeconds` old. */
  readonly treeHeadEvents: number;
  readonly treeHeadSeconds: number;
  /** Load the example data set on start when the store is empty (or holds it already). */
  readonly seedExample: boolean;
  readonly logFormat: 'text' | 'json';
  readonly logLevel: LogLevel;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  /** Browser origins allowed by CORS; empty: CORS is off. */
  readonly corsOrigins: readonly string[] | '*';
  /** An admin API key given by the deployment; without it, a first start creates and prints one. */
  readonly adminApiKey?: string;
  /** Requests per identity and window; 0: no limit. */
  readonly rateLimit: number;
  readonly rateLimitWindowMs: number;
  /** Accept OpenID Connect access tokens of this issuer; undefined: API keys only. */
  readonly oidc?: OidcConfig;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;
  readonly roleClaim: string;
  readonly municipalityClaim: string;
}

/** A bad environment: one line per offending variable, naming it and what it accepts. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const NAMES = Object.keys(ENVIRONMENT) as VariableName[];

/** Parses each variable on its own, so that every bad one is reported, each exactly once. */
function parseEnvironment(env: Record<string, string | undefined>): Environment {
  const problems: string[] = [];
  const values = new Map<VariableName, unknown>();
  for (const name of NAMES) {
    const spec: Variable = ENVIRONMENT[name];
    // An empty variable counts as unset, so `PORT= npm start` falls back to the default.
    const raw = env[name] || spec.default;
    if (raw === undefined) continue;
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) values.set(name, parsed.data);
    else problems.push(`${name}${spec.secret ? '' : `=${JSON.stringify(raw)}`} is not valid: expected ${spec.accepts}`);
  }
  if (values.get('GOAL_LEDGER_STORE') === 'postgres' && !env.DATABASE_URL) {
    problems.push(`DATABASE_URL is required when GOAL_LEDGER_STORE=postgres: expected ${ENVIRONMENT.DATABASE_URL.accepts}`);
  }
  if (env.GOAL_LEDGER_OIDC_ISSUER && (!env.GOAL_LEDGER_OIDC_JWKS_URL || !env.GOAL_LEDGER_OIDC_AUDIENCE)) {
    problems.push('GOAL_LEDGER_OIDC_JWKS_URL and GOAL_LEDGER_OIDC_AUDIENCE are required when GOAL_LEDGER_OIDC_ISSUER is set');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  // Every value was parsed by its variable's schema, and only variables without a default may be absent.
  return Object.fromEntries(values) as Environment;
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const e = parseEnvironment(env);
  return {
    store: e.GOAL_LEDGER_STORE,
    dataDir: e.GOAL_LEDGER_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    postgresSchema: e.GOAL_LEDGER_PG_SCHEMA,
    storeWaitMs: e.GOAL_LEDGER_STORE_WAIT_MS,
    port: e.PORT,
    host: e.HOST,
    metricsPort: e.GOAL_LEDGER_METRICS_PORT,
    projectionWaitMs: e.GOAL_LEDGER_PROJECTION_WAIT_MS,
    readyMaxLag: e.GOAL_LEDGER_READY_MAX_LAG,
    shutdownTimeoutMs: e.GOAL_LEDGER_SHUTDOWN_TIMEOUT_MS,
    signingKeyFile: e.GOAL_LEDGER_SIGNING_KEY_FILE,
    logId: e.GOAL_LEDGER_LOG_ID,
    treeHeadEvents: e.GOAL_LEDGER_TREE_HEAD_EVENTS,
    treeHeadSeconds: e.GOAL_LEDGER_TREE_HEAD_SECONDS,
    seedExample: e.GOAL_LEDGER_SEED_EXAMPLE === 'true',
    logFormat: e.LOG_FORMAT,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.GOAL_LEDGER_BODY_LIMIT_BYTES,
    requestTimeoutMs: e.GOAL_LEDGER_REQUEST_TIMEOUT_MS,
    corsOrigins: e.GOAL_LEDGER_CORS_ORIGINS === '*' ? '*' : (e.GOAL_LEDGER_CORS_ORIGINS?.split(',') ?? []),
    adminApiKey: e.GOAL_LEDGER_ADMIN_API_KEY,
    rateLimit: e.GOAL_LEDGER_RATE_LIMIT,
    rateLimitWindowMs: e.GOAL_LEDGER_RATE_LIMIT_WINDOW_MS,
    oidc:
      e.GOAL_LEDGER_OIDC_ISSUER === undefined
        ? undefined
        : {
            issuer: e.GOAL_LEDGER_OIDC_ISSUER,
            jwksUrl: e.GOAL_LEDGER_OIDC_JWKS_URL ?? '',
            audience: e.GOAL_LEDGER_OIDC_AUDIENCE ?? '',
            roleClaim: e.GOAL_LEDGER_OIDC_ROLE_CLAIM,
            municipalityClaim: e.GOAL_LEDGER_OIDC_MUNICIPALITY_CLAIM,
          },
  };
}
