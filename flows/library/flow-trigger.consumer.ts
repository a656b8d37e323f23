import type { DomainEvent } from '../../core/events/domain-event';
import type { EventConsumer } from '../../core/events/outbox-dispatcher';
import type { Clock } from '../../core/ports/clock';
import type { Hasher } from '../../core/ports/hasher';
import type { Store } from '../../core/ports/store';
import { eventTriggerBody, type IrmPorts } from '../connectors/irm';
import { IRM_EVENT_TRIGGERS } from '../connectors/irm/irm-triggers';
import { FLOWS_PARTITION, flowsCollection } from './flow';
import { eventRunId, FLOW_STARTS_PARTITION, flowStartsCollection } from './flow-start';
import { flowTriggers } from './flow-triggers';
import { triggerConditionsHold } from './trigger-conditions';

export interface FlowTriggerDeps {
  readonly store: Store;
  readonly irm: IrmPorts;
  readonly hasher: Hasher;
  readonly clock: Clock;
  /** Wakes the start pump after starts were written. */
  readonly kick: () => void;
  readonly log?: (line: string) => void;
}

/** Notes written by a flow raise `case.updated` too; a flow is never started by a flow's own note (no loops). */
function causedByAFlow(event: DomainEvent): boolean {
  return typeof event.data.by === 'string' && event.data.by.startsWith('flow:');
}

/**
 * The outbox consumer that turns domain events into flow runs: for every enabled flow with a
 * matching irm trigger whose conditions hold, it records a start (one per event and flow, by a
 * deterministic run id) and returns. The pump runs it. Delivered at least once: a second
 * delivery finds the start (or the run) already there.
 */
export function createFlowTriggerConsumer(deps: FlowTriggerDeps): EventConsumer & { readonly runIdFor: (flowId: string, eventId: string) => string } {
  const runIdFor = (flowId: string, eventId: string): string => eventRunId((t) => deps.hasher.sha256Hex(t), flowId, eventId);
  return {
    name: 'flows',
    handles: [...new Set(Object.values(IRM_EVENT_TRIGGERS))],
    runIdFor,
    async handle(event) {
      if (causedByAFlow(event)) return;
      const started = await deps.store.transaction(async (tx) => {
        const flows = (await tx.documents(flowsCollection).query({ partition: FLOWS_PARTITION, where: { enabled: true }, limit: 1_000 })).map((d) => d.value);
        const matching = flows.flatMap((flow) => flowTriggers(flow.definition).flatMap((t) => (t.kind === 'event' && t.eventType === event.type ? [{ flow, trigger: t }] : [])));
        if (matching.length === 0) return 0;
        const body = await eventTriggerBody(tx, deps.irm, event);
        const outputs = { headers: { 'x-irm-event-id': event.id, 'x-irm-event-type': event.type }, body };
        const starts = tx.documents(flowStartsCollection);
        let count = 0;
        for (const { flow, trigger } of matching) {
          let holds: boolean;
          try {
            holds = triggerConditionsHold(flow, trigger.name, trigger.conditions, outputs, () => deps.clock.now());
          } catch (error) {
            // As in Logic Apps, a condition that cannot be evaluated does not fire the trigger.
            deps.log?.(`flow ${flow.id}: trigger ${trigger.name} condition failed on ${event.id}: ${(error as Error).message}`);
            continue;
          }
          if (!holds) continue;
          const runId = runIdFor(flow.id, event.id);
          if ((await starts.get(FLOW_STARTS_PARTITION, runId)) !== undefined) continue;
          await starts.upsert(FLOW_STARTS_PARTITION, runId, { runId, flowId: flow.id, flowVersion: flow.version, triggerName: trigger.name, triggerOutputs: outputs, cause: event.id, createdAt: deps.clock.now().toISOString() });
          count++;
        }
        return count;
      });
      if (started > 0) deps.kick();
    },
  };
}
