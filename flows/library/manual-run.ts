import { ValidationError } from '../../core/errors';
import { resolveReference } from '../../core/persistence/references';
import type { RecordAudit } from '../../core/ports/audit-trail';
import type { Clock } from '../../core/ports/clock';
import type { Hasher } from '../../core/ports/hasher';
import type { Store } from '../../core/ports/store';
import { FLOW_STARTS_PARTITION, flowStartsCollection } from './flow-start';
import { getFlow } from './flow-service';
import { flowTriggers } from './flow-triggers';

export type ManualTarget = { readonly kind: 'case'; readonly caseId: string } | { readonly kind: 'user'; readonly upn: string };

/**
 * `flows run <flow> --case C-…` / `--user name@domain`: what Purview offers as "run a flow for
 * the selected case / user". The flow must be enabled and have the matching hybrid trigger
 * (OnIRMCaseSelected / OnIRMRiskyUserSelected); the trigger body is that trigger's real shape.
 * Audited (category Flows) with who started it.
 */
export async function startManualRun(
  deps: { readonly store: Store; readonly audit: RecordAudit; readonly hasher: Hasher; readonly clock: Clock; readonly kick: () => void },
  input: { readonly flow: string; readonly target: ManualTarget; readonly actor: { readonly id: string; readonly name?: string } },
): Promise<{ runId: string; flowId: string }> {
  const result = await deps.store.transaction(async (tx) => {
    const flow = (await getFlow(tx, input.flow)).value;
    if (!flow.enabled) throw new ValidationError(`flow ${flow.id} is disabled: enable it first ('flows enable ${flow.id}')`, [{ field: 'flow', reason: 'expected an enabled flow' }]);
    const trigger = flowTriggers(flow.definition).find((t) => t.kind === 'manual' && t.target === input.target.kind);
    if (trigger === undefined) {
      const other = input.target.kind === 'case' ? 'user' : 'case';
      const hasOther = flowTriggers(flow.definition).some((t) => t.kind === 'manual' && t.target === other);
      throw new ValidationError(`flow ${flow.id} cannot be run for a ${input.target.kind}: ${hasOther ? `it runs for a ${other} (--${other})` : 'it starts only on events'}`, [{ field: input.target.kind, reason: 'no matching manual trigger' }]);
    }
    let body: Record<string, unknown>;
    if (input.target.kind === 'case') {
      const ref = await resolveReference(tx, input.target.caseId, 'case');
      body = { caseId: ref.id, caseUrl: `urn:irm:case:${ref.id}` };
    } else {
      const upn = input.target.upn.trim().toLowerCase();
      if (!upn.includes('@')) throw new ValidationError(`--user: expected a user principal name (name@domain), got '${input.target.upn}'`, [{ field: 'user', reason: 'expected a UPN' }]);
      body = { riskyUserId: upn };
    }
    const now = deps.clock.now().toISOString();
    const runId = `R-${deps.hasher.sha256Hex(`flow-run:${flow.id}:manual:${input.actor.id}:${now}:${Math.random()}`).slice(0, 20).toUpperCase()}`;
    await tx.documents(flowStartsCollection).create(FLOW_STARTS_PARTITION, runId, {
      runId,
      flowId: flow.id,
      flowVersion: flow.version,
      triggerName: trigger.name,
      triggerOutputs: { headers: { 'x-irm-started-by': input.actor.id }, body },
      cause: `manual:${input.actor.id}`,
      createdAt: now,
    });
    await deps.audit(tx, { category: 'Flows', activity: 'Ran flow', actor: input.actor, target: flow.id, details: { runId, [input.target.kind]: input.target.kind === 'case' ? body.caseId : body.riskyUserId } });
    return { runId, flowId: flow.id };
  });
  deps.kick();
  return result;
}
