import type { RecordAudit } from '../core/ports/audit-trail';
import type { Calendar } from '../core/ports/calendar';
import type { Clock } from '../core/ports/clock';
import type { Directory } from '../core/ports/directory';
import type { Hasher } from '../core/ports/hasher';
import type { HttpClient } from '../core/ports/http-client';
import type { Mailer } from '../core/ports/mailer';
import type { Store } from '../core/ports/store';
import type { Pseudonymizer } from '../core/privacy/pseudonymizer';
import type { ConnectionSettings } from './connectors/connector-context';
import { createConnectorRegistry, type FlowContext } from './connectors/registry';
import type { FlowTeams } from './connectors/teams/flow-teams.port';
import type { LintCapabilities } from './engine/definition/lint-flow';
import { SUPPORTED_ACTION_TYPES, SUPPORTED_TRIGGER_TYPES, type WorkflowDefinition } from './engine/definition/workflow-definition';
import { lookupFunction } from './engine/expressions';
import { createFlowRunner, type FlowTimers } from './engine/runner/flow-runner';
import type { FlowRunnerLimits } from './engine/runner/runner-limits';
import { purgeFinishedRuns, RUN_HISTORY_DAYS } from './engine/runner/run-retention';
import type { FlowEngine } from './flow-engine';
import { createFlowStartPump } from './library/flow-start.pump';
import { createFlowTriggerConsumer } from './library/flow-trigger.consumer';
import { startManualRun } from './library/manual-run';
import { unconfiguredCalendar, unconfiguredDirectory, unconfiguredMailer } from './unconfigured-ports';

export interface FlowEngineDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly hasher: Hasher;
  readonly audit: RecordAudit;
  readonly pseudonymizer: Pseudonymizer;
  readonly teams: FlowTeams;
  readonly http: HttpClient;
  /** Graph ports; absent without Graph (steps that need them fail with a message naming the variables). */
  readonly directory?: Directory;
  readonly mailer?: Mailer;
  readonly calendar?: Calendar;
  readonly mailbox?: string;
  readonly tenantId?: string;
  readonly serviceNow?: Extract<ConnectionSettings, { kind: 'servicenow' }>;
  readonly httpAllowedHosts?: readonly string[];
  readonly timers?: FlowTimers;
  readonly limits?: Partial<FlowRunnerLimits>;
  readonly log?: (line: string) => void;
}

const realTimers: FlowTimers = {
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    }),
};

/**
 * The flow engine, composed: connectors over the given ports, the durable runner, the trigger
 * consumer for the outbox and the pump that starts runs outside event delivery.
 */
export function createFlowEngine(deps: FlowEngineDeps): FlowEngine {
  const registry = createConnectorRegistry();
  const log = deps.log ?? (() => undefined);
  const context: FlowContext = {
    directory: deps.directory ?? unconfiguredDirectory,
    mailer: deps.mailer ?? unconfiguredMailer,
    calendar: deps.calendar ?? unconfiguredCalendar,
    http: deps.http,
    teams: deps.teams,
    clock: deps.clock,
    ...(deps.mailbox === undefined ? {} : { mailbox: deps.mailbox, runAs: { upn: deps.mailbox } }),
    connection: (api) => {
      const a = api.toLowerCase();
      if (a === 'shared_service-now') return deps.serviceNow;
      if (a === 'http') return { kind: 'http', ...(deps.httpAllowedHosts === undefined ? {} : { allowedHosts: deps.httpAllowedHosts }) };
      return undefined;
    },
    irm: { store: deps.store, pseudonymizer: deps.pseudonymizer, audit: deps.audit, clock: deps.clock, ...(deps.tenantId === undefined ? {} : { tenantId: deps.tenantId }) },
  };
  const runner = createFlowRunner<FlowContext>({
    store: deps.store,
    connectors: (api, operationId) => registry.lookup(api, operationId),
    connectorContext: context,
    clock: deps.clock,
    timers: deps.timers ?? realTimers,
    log,
    ...(deps.limits === undefined ? {} : { limits: deps.limits }),
  });
  const pump = createFlowStartPump({
    store: deps.store,
    runner: { start: (input) => runner.start({ ...input, definition: input.definition as unknown as WorkflowDefinition }) },
    log,
  });
  const consumer = createFlowTriggerConsumer({ store: deps.store, irm: context.irm, hasher: deps.hasher, clock: deps.clock, kick: () => pump.kick(), log });
  const capabilities: LintCapabilities = {
    actionTypes: new Set<string>(SUPPORTED_ACTION_TYPES),
    triggerTypes: new Set<string>(SUPPORTED_TRIGGER_TYPES),
    operations: registry.operationKeys,
    isFunction: (name) => lookupFunction(name) !== undefined,
  };
  return {
    capabilities,
    consumer,
    startManual: (input) => startManualRun({ store: deps.store, audit: deps.audit, hasher: deps.hasher, clock: deps.clock, kick: () => pump.kick() }, input),
    // A card click must be answered within seconds: the run continues in the background after the answer is recorded.
    respond: (waitToken, response) => runner.deliverWaitResponse(waitToken, response, { background: true }),
    getRun: (runId) => runner.getRun(runId),
    listRuns: (flowId, limit) => runner.listRuns(flowId, limit),
    listSteps: (runId) => runner.listSteps(runId),
    resumeDue: () => runner.resumeDue(deps.clock.now()),
    purgeHistory: () => purgeFinishedRuns(deps.store, new Date(deps.clock.now().getTime() - RUN_HISTORY_DAYS * 86_400_000).toISOString()),
    kick: () => pump.kick(),
    drain: () => pump.drain(),
    close: () => pump.close(),
  };
}
