import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Store } from '../../../core/ports/store';
import type { FlowConnectorContext } from '../../../flows/connectors/connector-context';
import { createConnectorRegistry } from '../../../flows/connectors/registry';
import type { ActionOperation, ConnectorOperation, ConnectorResult, OperationCallContext } from '../../../flows/engine/contracts';
import { loadFlowFile, type LoadedFlow } from '../../../flows/engine/definition/load-flow';
import { parseDefinition, type WorkflowDefinition } from '../../../flows/engine/definition/workflow-definition';
import { createFlowRunner, type FlowRunner, type StartRunInput } from '../../../flows/engine/runner/flow-runner';
import type { FlowRunRecord, FlowStepRecord } from '../../../flows/engine/runner/run-records';
import { createMemoryStore } from '../../support/memory-store';
import { createVirtualClock, settle, type VirtualClock } from '../../support/virtual-clock';
import { fakeCalendar, fakeDirectory, fakeMailer } from './connectors/connector-test-context';
import { FakeFlowTeams } from './connectors/teams/teams-fakes';

/**
 * Real exported Power Automate flows (pnp/powerautomate-samples, MIT), read in place from
 * ../shared, run end to end by the real runner over the in-memory store with a virtual clock:
 * our real connector operations over recording fakes of their ports, plus test-only fakes for the
 * SharePoint operations we do not ship.
 */

export const PNP_SAMPLES = path.resolve(__dirname, '../../../../shared/fixtures/flows/pnp-powerautomate-samples');

export interface Sample {
  readonly loaded: LoadedFlow;
  readonly definition: WorkflowDefinition;
}

/** Loads one exported flow the way an import does: the container format, then the definition schema. */
export function loadSample(file: string): Sample {
  const full = path.join(PNP_SAMPLES, file);
  if (!existsSync(full)) {
    throw new Error(`real exported flow not found: ${full}. These tests read ../shared/fixtures/flows/pnp-powerautomate-samples in place (next to the repository); it must be there.`);
  }
  const loaded = loadFlowFile(file, readFileSync(full, 'utf8'));
  return { loaded, definition: parseDefinition(loaded.definition, file) };
}

/** A start time that is easy to read in the expected values: Monday 2 March 2026, 09:00 UTC. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/** The ports the real connectors reach, each a recording fake. */
export interface Ports {
  readonly teams: FakeFlowTeams;
  readonly mailer: ReturnType<typeof fakeMailer>;
  readonly directory: ReturnType<typeof fakeDirectory>;
}

export interface WorldOptions {
  /** Real operations and fakes; looked up through the real registry. */
  readonly operations: readonly ConnectorOperation<FlowConnectorContext>[];
  readonly ports: Ports;
  /** Fields of the connector context besides the ports (mailbox, runAs). */
  readonly context?: Partial<Pick<FlowConnectorContext, 'mailbox' | 'runAs'>>;
  readonly start?: number;
  /** rand() and retry jitter; default 0.5. */
  readonly random?: () => number;
}

export interface World {
  readonly store: Store;
  readonly clock: VirtualClock;
  readonly runner: FlowRunner;
  /** Starts a run of `definition` (run id `run-1` unless given) and drives virtual time until it ends or waits. */
  start(definition: WorkflowDefinition, input: Pick<StartRunInput, 'triggerName' | 'triggerOutputs'> & Partial<StartRunInput>): Promise<FlowRunRecord>;
  /** Awaits a runner call while driving virtual time. */
  settle<T>(promise: Promise<T>): Promise<T>;
  steps(runId?: string): Promise<Map<string, FlowStepRecord>>;
  /**
   * The process restarts: a new runner (new registry, new instance id) over the same store, the
   * same clock and the same outside world (ports). `operations` replaces the operation objects
   * (defaults to the same ones).
   */
  restart(operations?: readonly ConnectorOperation<FlowConnectorContext>[]): World;
}

export function createWorld(options: WorldOptions): World {
  return worldOver(createMemoryStore(), createVirtualClock(options.start ?? T0), options);
}

function worldOver(store: Store, clock: VirtualClock, options: WorldOptions): World {
  const registry = createConnectorRegistry(options.operations);
  const context: FlowConnectorContext = {
    directory: options.ports.directory,
    mailer: options.ports.mailer,
    calendar: fakeCalendar(),
    http: { request: () => Promise.reject(new Error('these flows make no plain HTTP calls')) },
    teams: options.ports.teams,
    connection: () => undefined,
    clock: { now: () => new Date(clock.now()) },
    ...options.context,
  };
  const runner = createFlowRunner<FlowConnectorContext>({
    store,
    connectors: (api, operationId) => registry.lookup(api, operationId),
    connectorContext: context,
    clock: { now: () => new Date(clock.now()) },
    timers: clock,
    random: options.random ?? (() => 0.5),
  });
  const drive = <T>(promise: Promise<T>): Promise<T> => settle(clock, promise);
  return {
    store,
    clock,
    runner,
    start: (definition, input) => drive(runner.start({ runId: 'run-1', flowId: 'flow-1', flowName: 'Exported flow', definition, ...input })),
    settle: drive,
    steps: async (runId = 'run-1') => new Map((await runner.listSteps(runId)).map((s) => [s.path, s])),
    restart: (operations) => worldOver(store, clock, { ...options, operations: operations ?? options.operations }),
  };
}

export function createPorts(users: Parameters<typeof fakeDirectory>[0]): Ports {
  return { teams: new FakeFlowTeams(), mailer: fakeMailer(), directory: fakeDirectory(users) };
}

// ─── Test-only SharePoint operations ────────────────────────────────────────────────────────

/** What a fake operation was called with. */
export interface FakeCall<P> {
  readonly parameters: P;
  readonly context: OperationCallContext;
}

export type FakeOperation<P> = ActionOperation<P, FlowConnectorContext> & { readonly calls: FakeCall<P>[] };

/**
 * A `shared_sharepointonline` operation answered by `respond` (which may throw a ConnectorError).
 * Its parameter schema is the swagger's for the operation, so the runner's un-flattening of the
 * export's `item/…`, `parameters/…` keys is checked too.
 */
export function fakeSharePoint<P>(operationId: string, parameters: z.ZodType<P>, respond: (parameters: P, call: number) => ConnectorResult): FakeOperation<P> {
  const calls: FakeCall<P>[] = [];
  return {
    kind: 'action',
    api: 'shared_sharepointonline',
    operationId,
    summary: `SharePoint ${operationId} (test fake)`,
    parameters,
    calls,
    async execute(params, context) {
      calls.push({ parameters: params, context });
      return respond(params, calls.length);
    },
  };
}

const Site = z.url({ error: 'expected the site address (dataset)' });
const ListId = z.string().min(1, 'expected the list (table): its GUID or title');

/** Get file properties: `GET /datasets/{dataset}/tables/{table}/items/{id}/getfileitem`. */
export const GetFileItemParameters = z.object({ dataset: Site, table: ListId, id: z.number().int().positive() });
/** Create item: `POST /datasets/{dataset}/tables/{table}/items`, the columns in body `item`. */
export const PostItemParameters = z.object({ dataset: Site, table: ListId, item: z.record(z.string(), z.unknown()) });
/** Get items: `GET /datasets/{dataset}/tables/{table}/items` with OData options. */
export const GetItemsParameters = z.object({
  dataset: Site,
  table: ListId,
  $filter: z.string().optional(),
  $orderby: z.string().optional(),
  $top: z.number().int().optional(),
  view: z.string().optional(),
});
/** Send an HTTP request to SharePoint: `POST /datasets/{dataset}/httprequest`, body `parameters`. */
export const HttpRequestParameters = z.object({
  dataset: Site,
  parameters: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    uri: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
  }),
});

/** A SharePoint user field as the connector expands it (`SPListExpandedUser`). */
export function expandedUser(user: { displayName: string; email: string }, department = 'Finance'): Record<string, unknown> {
  return {
    '@odata.type': '#Microsoft.Azure.Connectors.SharePoint.SPListExpandedUser',
    Claims: `i:0#.f|membership|${user.email}`,
    DisplayName: user.displayName,
    Email: user.email,
    Picture: `https://contoso.sharepoint.com/_layouts/15/UserPhoto.aspx?Size=L&AccountName=${user.email}`,
    Department: department,
    JobTitle: null,
  };
}
