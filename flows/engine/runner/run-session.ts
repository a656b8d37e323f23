import type { StoreTransaction, Versioned } from '../../../core/ports/store';
import type { RunStatus } from '../contracts';
import { canonicalActionType, parseDefinition, type SupportedActionType, type WorkflowDefinition } from '../definition/workflow-definition';
import { indexActions, type ActionIndex } from './action-index';
import { getRun, listSteps, replaceRun, saveStep } from './flow-run.repository';
import { fitRecord } from './record-size';
import type { ReferenceScope } from './reference-resolver';
import { isFinalStep, type FlowStepRecord, type RunError, type StoredFlowRun, type VariableValue } from './run-records';
import { PersistenceFailure, RunStopped } from './run-signals';
import { leaseFields, type RunnerServices } from './runner-services';

/** Actions that hold inner containers: they are walked again on resume, and end with the run when a Terminate inside ends it. */
export const CONTROL_TYPES: ReadonlySet<SupportedActionType> = new Set(['Scope', 'If', 'Switch', 'Foreach', 'Until']);

/**
 * One walk of one run by this runner: the run as last stored, its stored steps, and what the walk
 * has learned so far (results, variables). Every write goes through here, one unit of work per
 * step: the step's record and the run record together, after checking that this runner still owns
 * the run (it is Running under this runner's lease). A cancel or a takeover therefore stops the
 * walk at its next write, and nothing it does afterwards is stored.
 */
export class RunSession implements ReferenceScope {
  readonly index: ActionIndex;
  readonly latest = new Map<string, FlowStepRecord>();
  readonly results = new Map<string, FlowStepRecord>();
  readonly variables = new Map<string, VariableValue>();
  private readonly stored: Map<string, FlowStepRecord>;
  private current: Versioned<StoredFlowRun>;

  private constructor(
    readonly services: RunnerServices,
    run: Versioned<StoredFlowRun>,
    readonly definition: WorkflowDefinition,
    steps: readonly FlowStepRecord[],
  ) {
    this.current = run;
    this.index = indexActions(definition);
    this.stored = new Map(steps.map((s) => [s.path, s]));
  }

  /**
   * Loads a run this runner has claimed. A stored definition that no longer parses cannot be
   * walked; the error is returned so the caller can fail the run with it.
   */
  static async open(services: RunnerServices, runId: string): Promise<RunSession | { readonly run: Versioned<StoredFlowRun>; readonly invalid: Error }> {
    const loaded = await services.store.transaction(async (tx) => {
      const run = await getRun(tx, runId);
      if (run === undefined) throw new RunStopped('the run no longer exists');
      return { run, steps: await listSteps(tx, runId) };
    });
    let definition: WorkflowDefinition;
    try {
      definition = parseDefinition(loaded.run.value.definition, `run ${runId}`);
    } catch (error) {
      return { run: loaded.run, invalid: error as Error };
    }
    return new RunSession(services, loaded.run, definition, loaded.steps);
  }

  get run(): StoredFlowRun {
    return this.current.value;
  }

  now(): Date {
    return this.services.clock.now();
  }

  /** The record stored for `path` before this walk (or written by it). */
  storedStep(path: string): FlowStepRecord | undefined {
    return this.stored.get(path);
  }

  /** Makes a finished step's result visible to later expressions, and applies the variables it left. */
  register(record: FlowStepRecord): void {
    this.results.set(record.path, record);
    this.latest.set(record.name.toLowerCase(), record);
    for (const variable of Object.values(record.variables ?? {})) this.variables.set(variable.name.toLowerCase(), variable);
  }

  /**
   * Stores one step (and renews the lease, or applies `runPatch` to the run) in one unit of work.
   * The record kept in memory for reuse is the stored one (possibly truncated); callers keep the
   * full one for this walk.
   */
  async persistStep(record: Omit<FlowStepRecord, 'runId' | 'seq'>, runPatch: Partial<StoredFlowRun> = {}, options: { readonly leaseExtraMs?: number } = {}): Promise<void> {
    const previous = this.stored.get(record.path);
    const now = this.now();
    const saved = await this.write(async (tx) => {
      const run = await this.ownedRun(tx);
      const seq = previous?.seq ?? run.value.stepCount;
      const step = fitRecord({ ...record, runId: run.value.id, seq }, this.services.limits.maxStepRecordChars);
      await saveStep(tx, step);
      const next: StoredFlowRun = {
        ...run.value,
        stepCount: previous === undefined ? run.value.stepCount + 1 : run.value.stepCount,
        ...leaseFields(this.services, now, options.leaseExtraMs),
        updatedAt: now.toISOString(),
        ...runPatch,
      };
      return { step, run: await replaceRun(tx, next, run.etag) };
    });
    this.stored.set(record.path, saved.step);
    this.current = saved.run;
  }

  /**
   * Ends the run. Steps still Running or Waiting end with it: the control actions around a
   * Terminate take the run's status (Succeeded or Failed; Cancelled otherwise), and a call
   * abandoned under way (a loop that failed on resume around it) is Cancelled.
   */
  async finish(status: RunStatus, error: RunError | undefined): Promise<void> {
    const now = this.now();
    const leftover = [...this.stored.values()].filter((s) => !isFinalStep(s.status));
    const stepStatus = status === 'Succeeded' || status === 'Failed' ? status : 'Cancelled';
    const saved = await this.write(async (tx) => {
      const run = await this.ownedRun(tx);
      for (const step of leftover) {
        const { nextAttemptAt: _n, ...rest } = step;
        const control = CONTROL_TYPES.has(canonicalActionType(step.type) ?? 'Compose');
        await saveStep(tx, { ...rest, status: control ? stepStatus : 'Cancelled', endedAt: now.toISOString() });
      }
      const { waitToken: _w, waitingOn: _o, wakeAt: _a, leaseOwner: _l, leaseUntil: _u, error: _e, ...rest } = run.value;
      return replaceRun(tx, { ...rest, status, endedAt: now.toISOString(), updatedAt: now.toISOString(), ...(error === undefined ? {} : { error }) }, run.etag);
    });
    this.current = saved;
  }

  /** The run, checked to be still this runner's to drive. */
  private async ownedRun(tx: StoreTransaction): Promise<Versioned<StoredFlowRun>> {
    const run = await getRun(tx, this.current.value.id);
    if (run === undefined) throw new RunStopped('the run no longer exists');
    if (run.value.status !== 'Running') throw new RunStopped(`the run is ${run.value.status}`);
    if (run.value.leaseOwner !== this.services.instanceId) throw new RunStopped('another runner has taken the run over');
    return run;
  }

  private async write<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    try {
      return await this.services.store.transaction(work);
    } catch (error) {
      if (error instanceof RunStopped) throw error;
      throw new PersistenceFailure(error);
    }
  }
}
