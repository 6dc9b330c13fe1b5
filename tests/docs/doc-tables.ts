import { GOAL_STATUSES, STATUS_TRANSITIONS } from '#domain';
import { allProblems, problemType } from '../../apps/api/src/problems/problem-types.js';

/** Markdown tables that docs/ shows, rendered from the code they describe. */

export function transitionTable(): string {
  const header = `| from \\ to | ${GOAL_STATUSES.map((s) => `\`${s}\``).join(' | ')} |`;
  const rule = `| --- | ${GOAL_STATUSES.map(() => ':-:').join(' | ')} |`;
  const rows = GOAL_STATUSES.map(
    (from) => `| \`${from}\` | ${GOAL_STATUSES.map((to) => (STATUS_TRANSITIONS[from].includes(to) ? '✔' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}

export function problemTable(): string {
  const rows = allProblems().map(([kind, { status, title }]) => `| ${status} | \`${problemType(kind)}\` | ${title} |`);
  return ['| status | type | title |', '| --- | --- | --- |', ...rows].join('\n');
}
