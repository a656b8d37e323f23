import type { Store } from '../../core/ports/store';
import { FLOWS_PARTITION, flowsCollection } from './flow';
import { FLOW_STARTS_PARTITION, type FlowStart, flowStartsCollection } from './flow-start';

/** The part of the runner the pump needs (see engine/runner). */
export interface RunStarter {
  start(input: {
    readonly runId: string;
    readonly flowId: string;
    readonly flowName: string;
    readonly definition: Record<string, unknown>;
    readonly triggerName: string;
    readonly triggerOutputs: { readonly headers?: Record<string, string>; readonly body: unknown };
    readonly parameters?: Record<string, unknown>;
    readonly correlation?: Record<string, string>;
  }): Promise<unknown>;
}

export interface FlowStartPump {
  /** Starts what is pending, in the background. */
  kick(): void;
  /** Starts what is pending and waits until those runs have finished or begun waiting. */
  drain(): Promise<void>;
  /** Stops taking new starts and waits for the ones in flight. */
  close(): Promise<void>;
}

/**
 * Hands recorded starts to the runner, oldest first, a few at a time, and removes each start once
 * the runner holds its run (the runner's `start` is idempotent by run id, so a start picked up
 * twice after a crash makes no second run). A start whose flow was disabled or deleted meanwhile
 * is dropped: disabling a flow stops what it has not begun.
 */
export function createFlowStartPump(deps: { readonly store: Store; readonly runner: RunStarter; readonly concurrency?: number; readonly log?: (line: string) => void }): FlowStartPump {
  const inFlight = new Map<string, Promise<void>>();
  const limit = deps.concurrency ?? 4;
  let closed = false;
  let scanning: Promise<void> | undefined;

  async function runOne(start: FlowStart): Promise<void> {
    try {
      const flow = await deps.store.transaction((tx) => tx.documents(flowsCollection).get(FLOWS_PARTITION, start.flowId));
      if (flow !== undefined && flow.value.enabled) {
        await deps.runner.start({
          runId: start.runId,
          flowId: flow.value.id,
          flowName: flow.value.name,
          definition: flow.value.definition,
          triggerName: start.triggerName,
          triggerOutputs: start.triggerOutputs,
          parameters: flow.value.parameters,
          correlation: { cause: start.cause, flowVersion: String(flow.value.version) },
        });
      } else {
        deps.log?.(`flow ${start.flowId} is ${flow === undefined ? 'gone' : 'disabled'}: start ${start.runId} (${start.cause}) dropped`);
      }
      await deps.store.transaction((tx) => tx.documents(flowStartsCollection).delete(FLOW_STARTS_PARTITION, start.runId));
    } catch (error) {
      // Kept for the next scan: the start document stays until the runner has the run.
      deps.log?.(`flow run ${start.runId} could not start: ${(error as Error).message}`);
    }
  }

  async function scan(): Promise<void> {
    const pending = await deps.store.transaction((tx) => tx.documents(flowStartsCollection).query({ partition: FLOW_STARTS_PARTITION, orderBy: { field: 'createdAt' }, limit: 200 }));
    for (const { value } of pending) {
      if (closed) return;
      if (inFlight.has(value.runId)) continue;
      while (inFlight.size >= limit) await Promise.race(inFlight.values());
      const p = runOne(value).finally(() => inFlight.delete(value.runId));
      inFlight.set(value.runId, p);
    }
  }

  let again = false;
  // A kick during a scan may have written starts the scan's query did not see: scan once more.
  function scanOnce(): Promise<void> {
    if (scanning !== undefined) {
      again = true;
      return scanning;
    }
    scanning = scan().finally(() => {
      scanning = undefined;
      if (again && !closed) {
        again = false;
        void scanOnce();
      }
    });
    return scanning;
  }

  return {
    kick() {
      if (closed) return;
      scanOnce().catch((error: unknown) => deps.log?.(`flow start scan failed: ${(error as Error).message}`));
    },
    async drain() {
      await scanOnce();
      while (scanning !== undefined) await scanning;
      await Promise.all(inFlight.values());
    },
    async close() {
      closed = true;
      await scanning?.catch(() => undefined);
      await Promise.all(inFlight.values());
    },
  };
}
