import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { appendAudit } from '../../../core/audit/audit-log';
import { ValidationError } from '../../../core/errors';
import type { RecordAudit } from '../../../core/ports/audit-trail';
import { parsePolicyFile } from '../../../core/policies/create-policy';
import { applyManualScoping, type ManualScopingRequest } from '../../../core/policies/manual-scoping.service';
import {
  createStoredPolicy,
  deleteStoredPolicy,
  describePolicyScope,
  describePolicyTrigger,
  readPoliciesWithHealth,
  readPolicyWithHealth,
} from '../../../core/policies/policy-service';
import { getTemplate } from '../../../core/policies/policy-templates';
import type { Container } from '../../container';
import { CommandUsageError, cliActor, printJson, printTable } from './command-support';
import { loadSettingsWithDefaults } from './settings.command';

/** `irm policy list | show | create | delete | scope`. */

export async function policyCommand(container: Container, args: readonly string[]): Promise<number> {
  const [verb, ...rest] = args;
  switch (verb) {
    case undefined:
    case 'list':
      return listCommand(container, rest);
    case 'show':
      return showCommand(container, rest);
    case 'create':
      return createCommand(container, rest);
    case 'delete':
      return deleteCommand(container, rest);
    case 'scope':
      return scopeCommand(container, rest);
    default:
      throw new CommandUsageError(`unknown policy command '${verb}'; expected list, show, create, delete or scope`);
  }
}

/** Audit entries of CLI changes, through the same service as the chat commands (core/policies/policy-service.ts). */
function cliAudit(container: Container): RecordAudit {
  return async (tx, record) => {
    await appendAudit(tx, container.hasher, container.clock, record);
  };
}

async function listCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } } });
  const now = container.clock.now();
  const rows = await container.store.transaction((tx) => readPoliciesWithHealth(tx, now));
  if (values.json) {
    printJson(rows.map(({ policy, health }) => ({ ...policy, health })));
  } else {
    printTable(
      ['Name', 'Template', 'Enabled', 'Indicators', 'Health'],
      rows.map(({ policy, health }) => [policy.name, policy.template, policy.enabled ? 'yes' : 'no', String(policy.indicators.length), health.status]),
    );
  }
  return 0;
}

async function showCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length === 0) throw new CommandUsageError('policy show needs <name>');
  const wanted = positionals.join(' ');
  const now = container.clock.now();
  const { policy, health } = await container.store.transaction((tx) => readPolicyWithHealth(tx, wanted, now));
  if (values.json) {
    printJson({ ...policy, health });
    return 0;
  }
  const template = getTemplate(policy.template);
  console.log(`${policy.name} (id ${policy.id}, version ${policy.version})`);
  console.log(`  template:    ${template.id} (${template.displayName})`);
  console.log(`  enabled:     ${policy.enabled ? 'yes' : 'no'}`);
  if (policy.description.length > 0) console.log(`  description: ${policy.description}`);
  console.log(`  scope:       ${describePolicyScope(policy)}`);
  const trigger = describePolicyTrigger(policy);
  if (trigger !== undefined) console.log(`  trigger:     ${trigger}`);
  console.log(`  indicators:  ${policy.indicators.length === 0 ? 'none' : policy.indicators.join(', ')}`);
  const custom = Object.entries(policy.thresholds);
  if (custom.length > 0) console.log(`  thresholds:  ${custom.map(([id, levels]) => `${id} [${levels.join(', ')}]`).join(', ')}`);
  console.log(`  sequences:   ${policy.sequenceDetection ? 'yes' : 'no'}; cumulative exfiltration: ${policy.cumulativeExfiltrationDetection ? 'yes' : 'no'}`);
  console.log(`  updated:     ${policy.updatedAt} by ${policy.updatedBy}`);
  console.log(`  health:      ${health.status}`);
  for (const finding of health.findings) console.log(`    ${finding.severity} ${finding.code}: ${finding.message}`);
  return 0;
}

async function createCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { file: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (values.file === undefined) throw new CommandUsageError('policy create needs --file <policy.json>');
  const file = values.file;
  const input = parsePolicyFile(readText(file), file);
  const now = container.clock.now();
  const actor = cliActor();
  const created = await container.store.transaction((tx) => createStoredPolicy(tx, cliAudit(container), { input, actor: { id: actor }, now }));
  if (values.json) printJson(created);
  else console.log(`created policy ${created.name} (id ${created.id}, template ${created.template}, ${created.indicators.length} indicators)`);
  return 0;
}

async function deleteCommand(container: Container, args: readonly string[]): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new CommandUsageError('policy delete needs <name>');
  const wanted = positionals.join(' ');
  const now = container.clock.now();
  const actor = cliActor();
  const deleted = await container.store.transaction((tx) => deleteStoredPolicy(tx, cliAudit(container), { idOrName: wanted, actor: { id: actor }, now }));
  console.log(`deleted policy ${deleted.name} (id ${deleted.id}); its alerts and cases are kept`);
  return 0;
}

/**
 * `irm policy scope --policy P [--policy P…] --days N --reason "…" (--users a@x,b@y | --file users.csv)`:
 * starts scoring the users in the policies now, back-scoring their last 90 days.
 */
async function scopeCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      policy: { type: 'string', multiple: true },
      days: { type: 'string' },
      reason: { type: 'string' },
      users: { type: 'string' },
      file: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const policies = values.policy ?? [];
  if (policies.length === 0) throw new CommandUsageError('policy scope needs --policy <name> (repeat it for several policies)');
  if (values.days === undefined) throw new CommandUsageError('policy scope needs --days N (5 to 30)');
  if (values.reason === undefined) throw new CommandUsageError('policy scope needs --reason "…" (shown on the user\'s timeline)');
  if ((values.users === undefined) === (values.file === undefined)) throw new CommandUsageError('policy scope needs either --users a@x,b@y or --file users.csv');
  // A number goes through as one, anything else as typed, so the range check names what was given.
  const durationDays: unknown = /^\s*\d+\s*$/.test(values.days) ? Number(values.days) : values.days;
  const file = values.file;
  const request: ManualScopingRequest = {
    policies,
    reason: values.reason,
    durationDays,
    ...(file === undefined ? { users: (values.users ?? '').split(',').map((u) => u.trim()).filter((u) => u.length > 0) } : { csv: { file, text: readText(file) } }),
  };
  const now = container.clock.now();
  const actor = cliActor();
  const result = await container.store.transaction(async (tx) => {
    await loadSettingsWithDefaults(tx, now);
    const applied = await applyManualScoping(tx, request, { now, actor });
    // Users brought into a policy by hand: Purview's "Users" audit category, one entry per user and policy.
    const audit = cliAudit(container);
    for (const s of applied.scoped) {
      await audit(tx, { category: 'Users', activity: 'Added user to policy', actor: { id: actor }, target: s.userId, details: { policy: s.policyName, from: s.from, to: s.to, reason: values.reason ?? '' } });
    }
    return applied;
  });
  if (values.json) {
    printJson({ scoped: result.scoped, unchanged: result.unchanged, alerts: result.alerts.map((c) => ({ change: c.type, id: c.alert.id, severity: c.alert.severity, score: c.alert.score })) });
    return 0;
  }
  printTable(
    ['User', 'Policy', 'In scope from', 'To'],
    result.scoped.map((s) => [s.userId, s.policyName, s.from, s.to]),
  );
  if (result.unchanged.length > 0) console.log(`already in scope for those days (nothing added): ${result.unchanged.map((u) => `${u.userId} in ${u.policyId}`).join(', ')}`);
  for (const change of result.alerts) {
    console.log(`alert ${change.type}: ${change.alert.id} ${change.alert.severity} ${change.alert.score.toFixed(1)} (from past activity)`);
  }
  return 0;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ValidationError(`${file}: cannot be read (${code})`, [{ file, reason: 'cannot be read' }], { cause: error });
  }
}

