import { formatUtc } from '../../cards/common/format';
import { tableCard } from '../../cards/table/table.card';
import { ValidationError } from '../../core/errors';
import { parsePolicyFile } from '../../core/policies/create-policy';
import type { Policy } from '../../core/policies/policy';
import type { PolicyHealth } from '../../core/policies/policy-health';
import {
  createStoredPolicy,
  deleteStoredPolicy,
  describePolicyTrigger,
  readPoliciesWithHealth,
  readPolicyWithHealth,
} from '../../core/policies/policy-service';
import { getTemplate, TEMPLATE_IDS } from '../../core/policies/policy-templates';
import type { ChatCommand } from './chat-command';
import { fitRows } from './list-arguments';

/**
 * `policy list`, `policy show <name>`, `policy create <json>`, `policy delete <name>`: the same
 * policies, rules, health and audit entries as `irm policy …` (core/policies/policy-service.ts).
 */

function healthText(health: PolicyHealth): string {
  const warnings = health.findings.filter((f) => f.severity === 'warning').length;
  const recommendations = health.findings.length - warnings;
  if (health.findings.length === 0) return 'healthy';
  const parts = [
    ...(warnings === 0 ? [] : [`${warnings} warning${warnings === 1 ? '' : 's'}`]),
    ...(recommendations === 0 ? [] : [`${recommendations} recommendation${recommendations === 1 ? '' : 's'}`]),
  ];
  return parts.join(', ');
}

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

function priorityContentText(policy: Policy): string[] {
  const c = policy.priorityContent;
  return [
    ...c.sites.map((s) => `site ${s}`),
    ...c.sensitivityLabels.map((l) => `label ${l}`),
    ...c.sensitiveInfoTypes.map((t) => `info type ${t}`),
    ...c.fileExtensions.map((e) => `.${e}`),
  ];
}

/** Table cells are cut at 300 characters; a long list goes on as many rows as it needs, labelled once. */
const CELL_TEXT = 290;

function listRows(label: string, items: readonly string[], empty: string): string[][] {
  if (items.length === 0) return [[label, empty]];
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}, ${item}`;
    if (next.length > CELL_TEXT && line !== '') {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  lines.push(line);
  return lines.map((text, i) => [i === 0 ? label : '', text]);
}

/** Who the policy applies to, item by item (describePolicyScope says the same on one line). */
function scopeItems(policy: Policy): string[] {
  const scope = policy.scope;
  switch (scope.include) {
    case 'all':
      return ['all users'];
    case 'specific':
      return [...scope.users, ...scope.groups];
    case 'priority-user-groups':
      return scope.priorityUserGroups.map((g) => `priority user group ${g}`);
  }
}

function policyName(args: { readonly positionals: readonly string[] }, verb: string): string {
  const name = args.positionals.join(' ').trim();
  if (name === '') throw new ValidationError(`policy ${verb} needs the policy's name (see 'policy list')`, [{ field: 'policy', reason: 'required' }]);
  return name;
}

export const policyListCommand: ChatCommand = {
  name: 'policy list',
  usage: 'policy list',
  summary: 'the policies: template, enabled, indicators, health',
  permission: 'configurePoliciesAndSettings',
  async run(context) {
    const { services } = context;
    const policies = await services.store.transaction((tx) => readPoliciesWithHealth(tx, services.clock.now()));
    const fitted = fitRows(policies.map(({ policy, health }) => [policy.name, policy.template, yesNo(policy.enabled), String(policy.indicators.length), healthText(health)]));
    return {
      card: tableCard({
        title: 'Policies',
        subtitle: `${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}`,
        headers: ['Policy', 'Template', 'Enabled', 'Indicators', 'Health'],
        widths: [4, 4, 1, 1, 3],
        rows: fitted.rows,
        emptyText: "No policies. Create one with 'policy create <json>'.",
        footer: fitted.omitted > 0 ? `${fitted.omitted} more not shown.` : "Everything about one policy, with its health findings: 'policy show <name>'.",
      }),
    };
  },
};

export const policyShowCommand: ChatCommand = {
  name: 'policy show',
  usage: 'policy show <name>',
  summary: 'one policy in full, with its health findings',
  permission: 'configurePoliciesAndSettings',
  async run(context, args) {
    const { services } = context;
    const wanted = policyName(args, 'show');
    const { policy, health } = await services.store.transaction((tx) => readPolicyWithHealth(tx, wanted, services.clock.now()));
    const template = getTemplate(policy.template);
    const thresholds = Object.entries(policy.thresholds);
    const rows: string[][] = [
      ['Template', `${template.id} (${template.displayName})`],
      ['Enabled', yesNo(policy.enabled)],
      ['Description', policy.description === '' ? '(none)' : policy.description],
      ...listRows('Users', scopeItems(policy), 'none'),
      ...(policy.scope.excludedUsers.length === 0 ? [] : listRows('Except', policy.scope.excludedUsers, 'nobody')),
      ['Trigger', describePolicyTrigger(policy) ?? `fixed by the template: ${template.triggers.map((t) => t.kind).join(' or ')}`],
      ...listRows(`Indicators (${policy.indicators.length})`, policy.indicators, 'none'),
      ...listRows('Thresholds', thresholds.map(([id, levels]) => `${id} [${levels.join(', ')}]`), 'the indicators’ defaults'),
      ...listRows('Priority content', priorityContentText(policy), 'none'),
      ['Alerts only for priority content', yesNo(policy.alertsOnlyForPriorityContent)],
      ['Sequence detection', yesNo(policy.sequenceDetection)],
      ['Cumulative exfiltration detection', yesNo(policy.cumulativeExfiltrationDetection)],
      ['Created', `${formatUtc(policy.createdAt)} by ${policy.createdBy}`],
      ['Updated', `${formatUtc(policy.updatedAt)} by ${policy.updatedBy} (version ${policy.version})`],
      ['Health', health.status],
      ...health.findings.map((f) => [f.severity === 'warning' ? '⚠️ warning' : 'recommendation', `${f.message} (${f.code})`]),
    ];
    const fitted = fitRows(rows);
    return {
      card: tableCard({
        title: `Policy: ${policy.name}`,
        subtitle: `id ${policy.id}`,
        headers: ['Field', 'Value'],
        widths: [2, 5],
        rows: fitted.rows,
        footer: fitted.omitted > 0 ? `${fitted.omitted} more lines not shown; 'irm policy show ${policy.id} --json' has everything.` : '',
      }),
    };
  },
};

/**
 * What Teams delivers when JSON is pasted or typed: possibly inside a code block (``` or `),
 * with numeric character references, and with typographic quotes from clients that "correct"
 * typing. The quotes are straightened only when the text is not JSON as it came, so a policy
 * whose description holds a typographic quote keeps it.
 */
export function parsePastedPolicy(text: string): unknown {
  const json = text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .trim()
    .replace(/^```[A-Za-z]*\s*/, '')
    .replace(/\s*```$/, '')
    .replace(/^`+|`+$/g, '')
    .trim();
  if (json === '') {
    throw new ValidationError(
      `paste the policy's JSON after 'policy create', for example: policy create {"name": "Departing R&D", "template": "IntellectualPropertyTheft"} (templates: ${TEMPLATE_IDS.join(', ')}; every field is in docs/settings-and-policies.md)`,
      [{ field: 'policy', reason: 'required' }],
    );
  }
  try {
    return parsePolicyFile(json, 'the pasted policy');
  } catch (error) {
    // Second chance: straight quotes, and line breaks a client put inside a long string value.
    const repaired = json.replace(/[\u201c\u201d\u201e\u201f]/g, '"').replace(/\r?\n/g, ' ');
    if (!(error instanceof ValidationError) || repaired === json) throw error;
    return parsePolicyFile(repaired, 'the pasted policy');
  }
}

export const policyCreateCommand: ChatCommand = {
  name: 'policy create',
  usage: 'policy create {"name": "…", "template": "…", …} (the JSON of docs/settings-and-policies.md; a code block is fine)',
  summary: 'create a policy from its JSON, typed or pasted',
  permission: 'configurePoliciesAndSettings',
  rawText: true,
  async run(context, args) {
    const { services, caller } = context;
    const input = parsePastedPolicy(args.positionals.join(' '));
    const now = services.clock.now();
    const created = await services.store.transaction((tx) => createStoredPolicy(tx, services.audit, { input, actor: caller, now }));
    const { health } = await services.store.transaction((tx) => readPolicyWithHealth(tx, created.id, now));
    const warnings = health.findings.filter((f) => f.severity === 'warning');
    return {
      text:
        `Created policy **${created.name}** (id ${created.id}, template ${created.template}, ${created.indicators.length} indicator${created.indicators.length === 1 ? '' : 's'}). ` +
        `Health: ${healthText(health)}${warnings.length === 0 ? '.' : ` — ${warnings.map((w) => w.message).join(' ')}`}`,
    };
  },
};

export const policyDeleteCommand: ChatCommand = {
  name: 'policy delete',
  usage: 'policy delete <name>',
  summary: 'delete a policy (its alerts and cases are kept)',
  permission: 'configurePoliciesAndSettings',
  async run(context, args) {
    const { services, caller } = context;
    const wanted = policyName(args, 'delete');
    const deleted = await services.store.transaction((tx) => deleteStoredPolicy(tx, services.audit, { idOrName: wanted, actor: caller, now: services.clock.now() }));
    return { text: `Deleted policy **${deleted.name}** (id ${deleted.id}); its alerts and cases are kept.` };
  },
};
