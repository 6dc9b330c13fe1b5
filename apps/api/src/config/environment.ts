import { z } from 'zod';

/**
 * One environment variable: how it is parsed, what it accepts (in words, for errors and the README),
 * its default as it would be written in the environment, and what it means.
 */
export interface Variable<T = unknown> {
  readonly schema: z.ZodType<T>;
  readonly accepts: string;
  readonly default?: string;
  readonly meaning: string;
  /** Never echoed in an error message (it may hold a password). */
  readonly secret?: boolean;
}

interface Rule<T> {
  readonly schema: z.ZodType<T>;
  readonly accepts: string;
}

const integer = (min: number, max: number): Rule<number> => ({
  schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max)),
  accepts: `an integer from ${min} to ${max}`,
});

const oneOf = <const T extends readonly [string, ...string[]]>(...values: T): Rule<T[number]> => ({
  schema: z.enum(values),
  accepts: values.map((value) => `\`${value}\``).join(', ').replace(/, ([^,]*)$/, ' or $1'),
});

const text = (pattern: RegExp, accepts: string): Rule<string> => ({ schema: z.string().regex(pattern), accepts });

/** Keeps the details' literal type, so that `Environment` knows which variables have a default. */
const variable = <T, D extends Omit<Variable<T>, keyof Rule<T>>>(rule: Rule<T>, details: D): Rule<T> & D => ({ ...rule, ...details });

/** Every variable goal-ledger reads. The README's configuration table is rendered from this object. */
export const ENVIRONMENT = {
  GOAL_LEDGER_STORE: variable(oneOf('sqlite', 'postgres'), {
    default: 'sqlite',
    meaning: 'the event store: embedded SQLite (no server) or PostgreSQL',
  }),
  GOAL_LEDGER_DATA_DIR: variable(text(/\S/, 'a directory path'), {
    default: './data',
    meaning: 'where the embedded store keeps `goal-ledger.sqlite`',
  }),
  DATABASE_URL: variable(text(/^postgres(ql)?:\/\/\S+$/, 'a `postgres://` URL'), {
    meaning: 'PostgreSQL connection; required when `GOAL_LEDGER_STORE=postgres`',
    secret: true,
  }),
  GOAL_LEDGER_PG_SCHEMA: variable(text(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL identifier'), {
    default: 'public',
    meaning: 'PostgreSQL schema for the log and the read models; created when missing',
  }),
  GOAL_LEDGER_STORE_WAIT_MS: variable(integer(0, 3_600_000), {
    default: '0',
    meaning: 'how long start-up keeps retrying an unreachable database; `0` gives up at once',
  }),
  PORT: variable(integer(0, 65535), { default: '3000', meaning: 'HTTP port of the API' }),
  HOST: variable(text(/^\S+$/, 'a host name or IP address'), { default: '0.0.0.0', meaning: 'interface to listen on' }),
  GOAL_LEDGER_METRICS_PORT: variable(integer(1, 65535), {
    meaning: 'serve `/metrics` on this port (on `HOST`) instead of the API port',
  }),
  GOAL_LEDGER_PROJECTION_WAIT_MS: variable(integer(0, 60_000), {
    default: '5000',
    meaning: 'how long a write waits for the read models to show it (read-your-writes)',
  }),
  GOAL_LEDGER_READY_MAX_LAG: variable(integer(0, 1_000_000_000), {
    default: '100',
    meaning: 'events a read model may be behind the log while `/health/ready` still answers ready',
  }),
  GOAL_LEDGER_SHUTDOWN_TIMEOUT_MS: variable(integer(0, 600_000), {
    default: '10000',
    meaning: 'on SIGTERM, how long requests in flight may take before the process exits anyway (with code 1)',
  }),
  GOAL_LEDGER_BODY_LIMIT_BYTES: variable(integer(1024, 16_777_216), {
    default: '262144',
    meaning: 'largest request body accepted (after decompression); a larger one gets 413',
  }),
  GOAL_LEDGER_REQUEST_TIMEOUT_MS: variable(integer(100, 600_000), {
    default: '30000',
    meaning: 'a request whose body has not arrived, or that has no answer started, by then gets 408 or 503 (live feeds run on once started)',
  }),
  GOAL_LEDGER_CORS_ORIGINS: variable(text(/^(\*|https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*)$/, 'a comma-separated list of origins (`https://host[:port]`) or `*`'), {
    meaning: 'browser origins allowed to call the API (CORS); unset: no cross-origin access',
  }),
  GOAL_LEDGER_SIGNING_KEY_FILE: variable(text(/\S/, 'a file path'), {
    meaning: 'Ed25519 private key (PKCS#8 PEM) that signs tree heads; without it `signing-key.pem` in the data directory, generated on first start when absent',
  }),
  GOAL_LEDGER_LOG_ID: variable(text(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, `.`, `_`, `-`'), {
    default: 'goal-ledger',
    meaning: 'names the log in its signed tree heads, so that heads of two logs are never compared as one',
  }),
  GOAL_LEDGER_TREE_HEAD_EVENTS: variable(integer(1, 1_000_000_000), {
    default: '1000',
    meaning: 'a new signed tree head once the log has grown by this many events',
  }),
  GOAL_LEDGER_TREE_HEAD_SECONDS: variable(integer(1, 86_400), {
    default: '60',
    meaning: 'a new signed tree head at least this often (seconds)',
  }),
  GOAL_LEDGER_SEED_EXAMPLE: variable(oneOf('true', 'false'), {
    default: 'false',
    meaning: '`true`: on start, load the example data set (Kreis Warendorf in "Kein Kind zurücklassen!") when the store is empty; see [example data](docs/example-data.md)',
  }),
  GOAL_LEDGER_ADMIN_API_KEY: variable(text(/^[\x21-\x7e]{32,256}$/, '32 to 256 visible ASCII characters'), {
    meaning: 'an admin API key, used as is (ensured to exist at start; revoking it still revokes it); unset: the first start on an empty store creates one and prints it once',
    secret: true,
  }),
  GOAL_LEDGER_RATE_LIMIT: variable(integer(0, 1_000_000_000), {
    default: '600',
    meaning: 'requests one identity (or, without valid credentials, one IP address) may make per window on one instance; more get 429 with `Retry-After`; `0` turns it off',
  }),
  GOAL_LEDGER_RATE_LIMIT_WINDOW_MS: variable(integer(1000, 86_400_000), {
    default: '60000',
    meaning: 'the window of `GOAL_LEDGER_RATE_LIMIT`',
  }),
  GOAL_LEDGER_OIDC_ISSUER: variable(text(/^https?:\/\/\S+$/, 'an `https://` URL'), {
    meaning: 'OpenID Connect issuer whose access tokens are accepted (its `iss`); unset: API keys only',
  }),
  GOAL_LEDGER_OIDC_JWKS_URL: variable(text(/^https?:\/\/\S+$/, 'an `https://` URL'), {
    meaning: "the issuer's JSON Web Key Set (Keycloak: `…/protocol/openid-connect/certs`); required with the issuer",
  }),
  GOAL_LEDGER_OIDC_AUDIENCE: variable(text(/^\S{1,200}$/, 'the audience (`aud`) tokens must name'), {
    meaning: 'the audience access tokens must be issued for; required with the issuer',
  }),
  GOAL_LEDGER_OIDC_ROLE_CLAIM: variable(text(/^[A-Za-z0-9_.:-]{1,200}$/, 'a claim name or dotted path'), {
    default: 'roles',
    meaning: 'the claim holding the role (a string or a list; e.g. `realm_access.roles` for Keycloak)',
  }),
  GOAL_LEDGER_OIDC_MUNICIPALITY_CLAIM: variable(text(/^[A-Za-z0-9_.:-]{1,200}$/, 'a claim name or dotted path'), {
    default: 'municipality',
    meaning: "the claim holding a `municipality_editor`'s municipality id",
  }),
  LOG_FORMAT: variable(oneOf('json', 'text'), {
    default: 'json',
    meaning: '`json`: one JSON object per line; `text`: readable, coloured lines for development',
  }),
  LOG_LEVEL: variable(oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), {
    default: 'info',
    meaning: 'lowest level written to the log; every request is logged at `info`',
  }),
} satisfies Record<string, Variable>;

export type VariableName = keyof typeof ENVIRONMENT;

/** The parsed values, by variable name; a variable without a default may be absent. */
export type Environment = {
  readonly [Name in VariableName]: (typeof ENVIRONMENT)[Name] extends { default: string }
    ? z.output<(typeof ENVIRONMENT)[Name]['schema']>
    : z.output<(typeof ENVIRONMENT)[Name]['schema']> | undefined;
};

/** The README's configuration table. */
export function configurationTable(): string {
  const rows = Object.entries(ENVIRONMENT).map(([name, v]: [string, Variable]) => {
    const fallback = v.default === undefined ? '—' : `\`${v.default}\``;
    return `| \`${name}\` | ${fallback} | ${v.accepts} | ${v.meaning} |`;
  });
  return ['| variable | default | accepts | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
