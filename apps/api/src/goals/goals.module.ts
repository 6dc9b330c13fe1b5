import { Module } from '@nestjs/common';
import { GoalDetailsQueries, GoalHistoryQueries, PROJECTION_STORE, type ProjectionStore } from '#projections';
import { ProjectionsModule } from '../projections/projections.module.js';
import { ChangeGoalStatusController } from './change-goal-status/change-goal-status.controller.js';
import { ChangeGoalStatusHandler } from './change-goal-status/change-goal-status.handler.js';
import { FormulateGoalController } from './formulate-goal/formulate-goal.controller.js';
import { FormulateGoalHandler } from './formulate-goal/formulate-goal.handler.js';
import { GetGoalHistoryController } from './get-goal-history/get-goal-history.controller.js';
import { GetGoalHistoryHandler } from './get-goal-history/get-goal-history.handler.js';
import { GetGoalController } from './get-goal/get-goal.controller.js';
import { GetGoalHandler } from './get-goal/get-goal.handler.js';
import { ListGoalsController } from './list-goals/list-goals.controller.js';
import { ListGoalsHandler } from './list-goals/list-goals.handler.js';
import { ReviseGoalController } from './revise-goal/revise-goal.controller.js';
import { ReviseGoalHandler } from './revise-goal/revise-goal.handler.js';
import { GoalWriter } from './write/goal-writer.js';

const CommandHandlers = [FormulateGoalHandler, ReviseGoalHandler, ChangeGoalStatusHandler];
const QueryHandlers = [GetGoalHandler, ListGoalsHandler, GetGoalHistoryHandler];

@Module({
  imports: [ProjectionsModule],
  controllers: [
    FormulateGoalController,
    ListGoalsController,
    GetGoalController,
    ReviseGoalController,
    ChangeGoalStatusController,
    GetGoalHistoryController,
  ],
  providers: [
    GoalWriter,
    { provide: GoalDetailsQueries, useFactory: (store: ProjectionStore) => new GoalDetailsQueries(store), inject: [PROJECTION_STORE] },
    { provide: GoalHistoryQueries, useFactory: (store: ProjectionStore) => new GoalHistoryQueries(store), inject: [PROJECTION_STORE] },
    ...CommandHandlers,
    ...QueryHandlers,
  ],
})
export class GoalsModule {}
