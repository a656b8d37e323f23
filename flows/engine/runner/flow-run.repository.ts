import { ConflictError } from '../../../core/errors';
import type { CollectionDefinition } from '../../../core/ports/document-collection';
import type { StoreTransaction, Versioned } from '../../../core/ports/store';
import { FlowStepRecordSchema, StoredFlowRunSchema, type FlowStepRecord, type StoredFlowRun } from './run-records';

/**
 * Flow runs and their steps, as two document collections. Both are partitioned by the run id: a
 * run and its steps share a partition (in Cosmos, one logical partition, so a unit of work that
 * writes a step and its run stays within it), a run is one point read by id, and the queries that
 * cross runs (a flow's history, due runs, a wait token) are the rare ones.
 *
 * Step ids are the step's path (`Scope/Apply_to_each[2]/Send_an_email`): writing a step's result
 * twice (a retried unit of work) overwrites the same document.
 */

export const flowRunsCollection: CollectionDefinition<StoredFlowRun> = {
  name: 'flow-runs',
  schema: StoredFlowRunSchema,
  indexed: ['flowId', 'status', 'startedAt', 'wakeAt', 'waitToken', 'leaseUntil'],
};

export const flowStepsCollection: CollectionDefinition<FlowStepRecord> = {
  name: 'flow-steps',
  schema: FlowStepRecordSchema,
  indexed: ['runId', 'seq', 'waitToken'],
};

/** The port's maximum page. */
const MAX_PAGE = 10_000;

/**
 * Creates the run unless one with its id exists. `created: false` returns the stored run untouched:
 * one run per event and flow, however often the event is delivered.
 */
export async function createRun(tx: StoreTransaction, run: StoredFlowRun): Promise<{ readonly created: boolean; readonly run: Versioned<StoredFlowRun> }> {
  const runs = tx.documents(flowRunsCollection);
  const existing = await runs.get(run.id, run.id);
  if (existing !== undefined) return { created: false, run: existing };
  try {
    return { created: true, run: await runs.create(run.id, run.id, run) };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Another process created it between the read and the create: theirs is the run.
    const winner = await runs.get(run.id, run.id);
    if (winner === undefined) throw error;
    return { created: false, run: winner };
  }
}

export function getRun(tx: StoreTransaction, runId: string): Promise<Versioned<StoredFlowRun> | undefined> {
  return tx.documents(flowRunsCollection).get(runId, runId);
}

/** ConflictError when the run changed since `etag` was read (a cancel, another runner taking over). */
export function replaceRun(tx: StoreTransaction, run: StoredFlowRun, etag: string): Promise<Versioned<StoredFlowRun>> {
  return tx.documents(flowRunsCollection).replace(run.id, run.id, withoutUndefined(run), etag);
}

/** A flow's runs, newest first. */
export async function listRunsOfFlow(tx: StoreTransaction, flowId: string, limit = 20): Promise<StoredFlowRun[]> {
  const found = await tx.documents(flowRunsCollection).query({
    where: { flowId },
    orderBy: { field: 'startedAt', direction: 'desc' },
    limit: Math.min(Math.max(1, limit), MAX_PAGE),
  });
  return found.map((d) => d.value);
}

/** Waiting runs whose `wakeAt` is at or before `now`, earliest first. */
export async function listDueWaitingRuns(tx: StoreTransaction, now: Date, limit = 100): Promise<Versioned<StoredFlowRun>[]> {
  const at = now.toISOString();
  const found = await tx.documents(flowRunsCollection).query({
    where: { status: 'Waiting' },
    // `to` is exclusive; one millisecond later makes "at or before now".
    range: { field: 'wakeAt', to: new Date(now.getTime() + 1).toISOString() },
    orderBy: { field: 'wakeAt', direction: 'asc' },
    limit: Math.min(limit, MAX_PAGE),
  });
  // A store may let documents without the field through a range; they are not due.
  return found.filter((d) => d.value.wakeAt !== undefined && d.value.wakeAt <= at);
}

/** Running runs whose lease expired at or before `now`: their runner stopped mid-run. */
export async function listAbandonedRuns(tx: StoreTransaction, now: Date, limit = 100): Promise<Versioned<StoredFlowRun>[]> {
  const at = now.toISOString();
  const found = await tx.documents(flowRunsCollection).query({
    where: { status: 'Running' },
    range: { field: 'leaseUntil', to: new Date(now.getTime() + 1).toISOString() },
    orderBy: { field: 'leaseUntil', direction: 'asc' },
    limit: Math.min(limit, MAX_PAGE),
  });
  return found.filter((d) => d.value.leaseUntil === undefined || d.value.leaseUntil <= at);
}

export async function findRunByWaitToken(tx: StoreTransaction, waitToken: string): Promise<Versioned<StoredFlowRun> | undefined> {
  const found = await tx.documents(flowRunsCollection).query({ where: { waitToken }, limit: 2 });
  return found[0];
}

export function getStep(tx: StoreTransaction, runId: string, path: string): Promise<Versioned<FlowStepRecord> | undefined> {
  return tx.documents(flowStepsCollection).get(runId, path);
}

/** Creates or replaces the step's record (by run id and path). */
export function saveStep(tx: StoreTransaction, step: FlowStepRecord): Promise<Versioned<FlowStepRecord>> {
  return tx.documents(flowStepsCollection).upsert(step.runId, step.path, withoutUndefined(step));
}

/** ConflictError when the step changed since `etag` was read (two answers to one wait at once). */
export function replaceStep(tx: StoreTransaction, step: FlowStepRecord, etag: string): Promise<Versioned<FlowStepRecord>> {
  return tx.documents(flowStepsCollection).replace(step.runId, step.path, withoutUndefined(step), etag);
}

/** The step that was given this wait token, whatever its status now (so a used token can be told from an unknown one). */
export async function findStepByWaitToken(tx: StoreTransaction, waitToken: string): Promise<Versioned<FlowStepRecord> | undefined> {
  const found = await tx.documents(flowStepsCollection).query({ where: { waitToken }, limit: 2 });
  return found[0];
}

/** Every step of a run in the order they were first stored, read in pages of `pageSize`. */
export async function listSteps(tx: StoreTransaction, runId: string, options: { readonly pageSize?: number } = {}): Promise<FlowStepRecord[]> {
  const pageSize = Math.min(Math.max(1, options.pageSize ?? MAX_PAGE), MAX_PAGE);
  const steps = tx.documents(flowStepsCollection);
  const out: FlowStepRecord[] = [];
  for (let from = 0; ; ) {
    const page = await steps.query({ partition: runId, range: { field: 'seq', from }, orderBy: { field: 'seq', direction: 'asc' }, limit: pageSize });
    out.push(...page.map((d) => d.value));
    if (page.length < pageSize) return out;
    from = page[page.length - 1].value.seq + 1;
  }
}

/**
 * Drops keys whose value is `undefined`, so that clearing a field (a run leaving Waiting) removes
 * it in every adapter alike instead of leaving an explicit `undefined` in some of them.
 */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
