import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { GOAL_STATUSES, type GoalStatus } from '#domain';
import { IsText, IsWorldTime } from '../../http/validators.js';

export class ChangeGoalStatusDto {
  @ApiProperty({ enum: GOAL_STATUSES, example: 'largely_implemented', description: 'See docs/goal-lifecycle.md for allowed transitions' })
  @IsIn(GOAL_STATUSES, { message: `status must be one of ${GOAL_STATUSES.join(', ')}` })
  status!: GoalStatus;

  @ApiProperty({ example: 'Quartalsgespräch 2015-Q3: weitestgehend umgesetzt', maxLength: 2000 })
  @IsText(2000)
  reason!: string;

  @ApiProperty({ example: '2015-09-30', description: 'When the status changed (world time)' })
  @IsWorldTime()
  occurredAt!: string;
}
