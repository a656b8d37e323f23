import type { SupportedActionType } from '../../definition/workflow-definition';
import type { ActionExecutor } from '../executor';
import { composeExecutor } from './compose.executor';
import { foreachExecutor } from './foreach.executor';
import { httpExecutor } from './http.executor';
import { ifExecutor } from './if.executor';
import { joinExecutor } from './join.executor';
import { openApiConnectionExecutor } from './open-api-connection.executor';
import { parseJsonExecutor } from './parse-json.executor';
import { queryExecutor } from './query.executor';
import { responseExecutor } from './response.executor';
import { scopeExecutor } from './scope.executor';
import { selectExecutor } from './select.executor';
import { switchExecutor } from './switch.executor';
import { tableExecutor } from './table.executor';
import { terminateExecutor } from './terminate.executor';
import { untilExecutor } from './until.executor';
import {
  appendToArrayVariableExecutor,
  appendToStringVariableExecutor,
  decrementVariableExecutor,
  incrementVariableExecutor,
  initializeVariableExecutor,
  setVariableExecutor,
} from './variables.executor';
import { waitExecutor } from './wait.executor';
import { webhookExecutor } from './webhook.executor';

/** One executor per supported action type; the type system checks that none is missing. */
export const EXECUTORS: Readonly<Record<SupportedActionType, ActionExecutor>> = {
  OpenApiConnection: openApiConnectionExecutor,
  OpenApiConnectionWebhook: webhookExecutor,
  If: ifExecutor,
  Foreach: foreachExecutor,
  Switch: switchExecutor,
  Until: untilExecutor,
  Scope: scopeExecutor,
  Terminate: terminateExecutor,
  InitializeVariable: initializeVariableExecutor,
  SetVariable: setVariableExecutor,
  AppendToArrayVariable: appendToArrayVariableExecutor,
  AppendToStringVariable: appendToStringVariableExecutor,
  IncrementVariable: incrementVariableExecutor,
  DecrementVariable: decrementVariableExecutor,
  Compose: composeExecutor,
  ParseJson: parseJsonExecutor,
  Query: queryExecutor,
  Select: selectExecutor,
  Join: joinExecutor,
  Table: tableExecutor,
  Http: httpExecutor,
  Wait: waitExecutor,
  Response: responseExecutor,
};
