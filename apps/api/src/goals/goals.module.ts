import { Module } from '@nestjs/common';
import { GoalHistoryQueries, GoalQueries, READ_MODELS, ReviewQueries, type GoalTables, type ReadModelStore } from '#projections';
import { ProjectionsModule } from '../projections/projections.module.js';
import { CarryOverGoalController } from './carry-over-goal/carry-over-goal.controller.js';
import { ChangeGoalStatusController } from './change-goal-status/change-goal-status.controller.js';
import { CorrectGoalEventController } from './correct-goal-event/correct-goal-event.controller.js';
import { FormulateGoalController } from './formulate-goal/formulate-goal.controller.js';
import { GetGoalHistoryController } from './get-goal-history/get-goal-history.controller.js';
import { GetGoalHistoryHandler } from './get-goal-history/get-goal-history.handler.js';
import { GetGoalController } from './get-goal/get-goal.controller.js';
import { GetGoalHandler } from './get-goal/get-goal.handler.js';
import { ListGoalsController } from './list-goals/list-goals.controller.js';
import { ListGoalsHandler } from './list-goals/list-goals.handler.js';
import { ReviseGoalController } from './revise-goal/revise-goal.controller.js';

const QueryHandlers = [GetGoalHandler, ListGoalsHandler, GetGoalHistoryHandler];

@Module({
  imports: [ProjectionsModule],
  controllers: [
    FormulateGoalController,
    ListGoalsController,
    GetGoalController,
    ReviseGoalController,
    ChangeGoalStatusController,
    CorrectGoalEventController,
    CarryOverGoalController,
    GetGoalHistoryController,
  ],
  providers: [
    { provide: GoalQueries, useFactory: (store: ReadModelStore) => new GoalQueries(store.views<GoalTables>()), inject: [READ_MODELS] },
    { provide: GoalHistoryQueries, useFactory: (store: ReadModelStore) => new GoalHistoryQueries(store.views<GoalTables>()), inject: [READ_MODELS] },
    { provide: ReviewQueries, useFactory: (store: ReadModelStore) => new ReviewQueries(store.views()), inject: [READ_MODELS] },
    ...QueryHandlers,
  ],
  exports: [GoalQueries, GoalHistoryQueries],
})
export class GoalsModule {}
