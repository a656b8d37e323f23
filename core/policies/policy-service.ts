import { AUDIT_ACTIVITIES } from '../audit/audit-entry';
import { alertsCollection } from '../persistence/collections';
import type { RecordAudit } from '../ports/audit-trail';
import type { StoreTransaction, Versioned } from '../ports/store';
import type { Settings } from '../settings/settings';
import { loadSettingsWithDefaults } from '../settings/settings-service';
import { createPolicy } from './create-policy';
import { CATALOGUE_INDICATORS, catalogueCategoryOf } from './default-policies';
import type { Policy } from './policy';
import { type PolicyHealth, type PolicyHealthFacts, policyHealth } from './policy-health';
import { getPolicy, listPolicies, removePolicy, savePolicy } from './policy.repository';

/**
 * Policies as the chat commands and the CLI change and show them: each change is one unit of
 * work with its audit entry (after the change, docs/audit-log.md), so a policy created from Teams
 * and one created with `irm policy create` read the same in the log. Like settings-service.ts
 * for settings.
 */

export interface PolicyActor {
  readonly id: string;
  readonly name?: string;
}

export interface CreatePolicyRequest {
  /** The policy's JSON as parsed (docs/settings-and-policies.md); checked by `createPolicy`. */
  readonly input: unknown;
  readonly actor: PolicyActor;
  readonly now: Date;
}

/**
 * Creates and stores a policy, with its `Created policy` entry. ValidationError listing every
 * problem of the input; ConflictError when a policy with the same id appeared meanwhile.
 */
export async function createStoredPolicy(tx: StoreTransaction, audit: RecordAudit, request: CreatePolicyRequest): Promise<Policy> {
  const settings = await loadSettingsWithDefaults(tx, request.now);
  const existing = (await listPolicies(tx)).map((p) => p.value);
  const policy = createPolicy(request.input, {
    existing,
    settings: settings.value,
    knownIndicators: CATALOGUE_INDICATORS,
    categoryOf: catalogueCategoryOf,
    now: request.now,
    actor: request.actor.name ?? request.actor.id,
  });
  const saved = (await savePolicy(tx, policy)).value;
  await audit(tx, {
    category: 'Policies',
    activity: AUDIT_ACTIVITIES.createdPolicy,
    actor: request.actor,
    target: saved.id,
    details: { name: saved.name, template: saved.template, enabled: saved.enabled, indicators: saved.indicators },
  });
  return saved;
}

export interface DeletePolicyRequest {
  /** The policy's id or name, any case. */
  readonly idOrName: string;
  readonly actor: PolicyActor;
  readonly now: Date;
}

/**
 * Deletes a policy, with its `Deleted policy` entry. Its alerts and cases are kept (they follow
 * their own retention). NotFoundError with the closest name and every existing name.
 */
export async function deleteStoredPolicy(tx: StoreTransaction, audit: RecordAudit, request: DeletePolicyRequest): Promise<Policy> {
  // Creates the default policies on a fresh store first, so deleting one of them is respected later.
  await loadSettingsWithDefaults(tx, request.now);
  const policy = await getPolicy(tx, request.idOrName);
  await removePolicy(tx, policy.value.id);
  await audit(tx, {
    category: 'Policies',
    activity: AUDIT_ACTIVITIES.deletedPolicy,
    actor: request.actor,
    target: policy.value.id,
    details: { name: policy.value.name, template: policy.value.template, version: policy.value.version },
  });
  return policy.value;
}

export interface PolicyWithHealth {
  readonly policy: Policy;
  readonly health: PolicyHealth;
}

/** The newest completed import of a format that accepted something: "has this data arrived". */
async function lastImportAt(tx: StoreTransaction, format: 'hr-csv' | 'defender-alerts-json'): Promise<string | undefined> {
  const batches = await tx.ingestion.listBatches({ limit: 1000 });
  return batches.find((b) => b.format === format && b.accepted > 0)?.startedAt;
}

/**
 * Health from the facts that cost a query or two: the settings, when HR data and Defender alerts
 * last arrived, and how many alerts each policy raised. Trigger rates and users in scope need
 * scoring's state and are left out.
 */
async function withHealth(tx: StoreTransaction, settings: Settings, policies: readonly Versioned<Policy>[], now: Date): Promise<PolicyWithHealth[]> {
  const lastHrImportAt = await lastImportAt(tx, 'hr-csv');
  const lastDefenderAlertAt = await lastImportAt(tx, 'defender-alerts-json');
  const alerts = tx.documents(alertsCollection);
  const result: PolicyWithHealth[] = [];
  for (const { value: policy } of policies) {
    const facts: PolicyHealthFacts = {
      now,
      settings,
      ...(lastHrImportAt === undefined ? {} : { lastHrImportAt }),
      ...(lastDefenderAlertAt === undefined ? {} : { lastDefenderAlertAt }),
      alertsGenerated: await alerts.count({ where: { policyId: policy.id } }),
    };
    result.push({ policy, health: policyHealth(policy, facts) });
  }
  return result;
}

/** Every policy (ordered by id) with its health; the default policies are created on first use. */
export async function readPoliciesWithHealth(tx: StoreTransaction, now: Date): Promise<PolicyWithHealth[]> {
  const settings = await loadSettingsWithDefaults(tx, now);
  return withHealth(tx, settings.value, await listPolicies(tx), now);
}

/** One policy by id or name with its health; NotFoundError as `getPolicy` says. */
export async function readPolicyWithHealth(tx: StoreTransaction, idOrName: string, now: Date): Promise<PolicyWithHealth> {
  const settings = await loadSettingsWithDefaults(tx, now);
  const [shown] = await withHealth(tx, settings.value, [await getPolicy(tx, idOrName)], now);
  return shown;
}

/** Who a policy applies to, as one line: `all users, except …`, the users and groups, or the priority user groups. */
export function describePolicyScope(policy: Policy): string {
  const scope = policy.scope;
  const excluded = scope.excludedUsers.length === 0 ? '' : `, except ${scope.excludedUsers.join(', ')}`;
  switch (scope.include) {
    case 'all':
      return `all users${excluded}`;
    case 'specific':
      return `${[...scope.users, ...scope.groups].join(', ')}${excluded}`;
    case 'priority-user-groups':
      return `priority user groups ${scope.priorityUserGroups.join(', ')}${excluded}`;
  }
}

/** A data leak policy's trigger as one line; undefined for templates with a fixed trigger. */
export function describePolicyTrigger(policy: Policy): string | undefined {
  const trigger = policy.trigger;
  if (trigger === undefined) return undefined;
  if (trigger.type === 'dlp-alert') return `DLP alert from ${trigger.dlpPolicy ?? 'any DLP policy'}`;
  return `exfiltration activity: ${trigger.indicators.map((t) => `${t.indicator} ≥ ${t.minDailyCount}/day`).join(', ')}`;
}
