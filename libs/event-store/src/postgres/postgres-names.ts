import { createHash } from 'node:crypto';

/** Schema names end up in SQL text, so only plain lower-case identifiers are accepted. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(`PostgreSQL schema name "${schema}" must match [a-z_][a-z0-9_]*`);
  }
  return `"${schema}"`;
}

/** PostgreSQL channel names are identifiers (at most 63 bytes): a long schema name is hashed. */
export function notificationChannel(schema: string): string {
  const channel = `goal_ledger_events_${schema}`;
  return channel.length <= 63 ? channel : `goal_ledger_events_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

/** A string as an SQL literal, for DDL that cannot take parameters. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
