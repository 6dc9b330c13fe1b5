/** The statuses a goal moves through, in the order of the programme's progress scale. */
export const GOAL_STATUSES = [
  'agreed',
  'in_progress',
  'largely_implemented',
  'implemented',
  'in_regular_practice',
  'on_hold',
  'discontinued',
] as const;

export type GoalStatus = (typeof GOAL_STATUSES)[number];

/**
 * The status workflow: for each status, the statuses a goal may change to next.
 *
 * - Progress runs forward and may skip steps: a quarterly review can find a goal already implemented.
 * - The one step back is a setback from `largely_implemented` to `in_progress`.
 * - `on_hold` pauses a goal that has not been implemented yet; it resumes as `in_progress`.
 * - `discontinued` ends a goal from any status and is final.
 *
 * docs/goal-lifecycle.md shows this table; a test keeps the two identical.
 */
export const STATUS_TRANSITIONS: Readonly<Record<GoalStatus, readonly GoalStatus[]>> = {
  agreed: ['in_progress', 'largely_implemented', 'implemented', 'in_regular_practice', 'on_hold', 'discontinued'],
  in_progress: ['largely_implemented', 'implemented', 'in_regular_practice', 'on_hold', 'discontinued'],
  largely_implemented: ['in_progress', 'implemented', 'in_regular_practice', 'on_hold', 'discontinued'],
  implemented: ['in_regular_practice', 'discontinued'],
  in_regular_practice: ['discontinued'],
  on_hold: ['in_progress', 'discontinued'],
  discontinued: [],
};

export function isTransitionAllowed(from: GoalStatus, to: GoalStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}
