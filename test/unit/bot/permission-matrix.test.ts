import type { Activity } from 'botbuilder';
import { PERMISSION_MATRIX, PERMISSIONS, type Permission } from '../../../core/access/permissions';
import { ROLE_GROUPS, type RoleGroup } from '../../../core/access/role-groups';
import { casesCollection } from '../../../core/cases/case';
import { VERBS, type Verb } from '../../../cards/verbs';
import { replyText, tableRows } from '../../support/bot/replies';
import { type BotPerson, type BotTestKit, createBotTestKit, PEOPLE, type Place } from '../../support/bot/test-services';

/**
 * The permission matrix of irm-reference §9.2, copied here as the reference prints it (IRM,
 * Admins, Analysts, Investigators, Auditors, Approvers), so the code's matrix and every command
 * and card verb are checked against the reference rather than against themselves.
 */
const REFERENCE_TABLE = `
| Configure policies and settings | Yes | Yes | No | No | No | No |
| Configure Adaptive Protection (2025) | Yes | Yes | No | No | No | No |
| Access analytics insights | Yes | Yes | Yes | No | No | No |
| Access & investigate alerts | Yes | No | Yes | Yes | No | No |
| Access & investigate cases | Yes | No | Yes | Yes | No | No |
| Access & view the Content Explorer | Yes | No | No | Yes | No | No |
| Configure notice templates | Yes | No | Yes | Yes | No | No |
| View & export audit logs | Yes | No | No | No | Yes | No |
| Access & view forensic evidence captures | Yes | No | No | Yes | No | No |
| Create forensic evidence capturing request | Yes | Yes | No | No | No | No |
| Approve forensic evidence capturing requests | Yes | No | No | No | No | Yes |
| View device health report | Yes | Yes | No | No | No | No |
`;

/**
 * Rows the table does not have. §9.2's extra rules: "create/edit priority user groups, Power
 * Automate in Settings, priority physical assets → IRM or IRM Admins". Assigning role groups is a
 * tenant administrator's job in Purview (§9.1); the product gives it to its administering groups
 * (irm, admins), whose last member it refuses to remove (the "zero administrator" rule).
 */
const EXTRA_ROWS = `
| Create/edit priority user groups and priority physical assets | Yes | Yes | No | No | No | No |
| Assign role groups | Yes | Yes | No | No | No | No |
`;

type Row = string;

function parseReference(text: string): Map<Row, ReadonlySet<RoleGroup>> {
  const rows = new Map<Row, ReadonlySet<RoleGroup>>();
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const [action, ...cells] = line.split('|').map((c) => c.trim()).filter((c) => c.length > 0);
    if (cells.length !== ROLE_GROUPS.length || cells.some((c) => c !== 'Yes' && c !== 'No')) throw new Error(`malformed reference row: ${line}`);
    rows.set(action, new Set(ROLE_GROUPS.filter((_, i) => cells[i] === 'Yes')));
  }
  return rows;
}

const REFERENCE = parseReference(`${REFERENCE_TABLE}\n${EXTRA_ROWS}`);

function granted(row: Row): ReadonlySet<RoleGroup> {
  const groups = REFERENCE.get(row);
  if (groups === undefined) throw new Error(`no reference row '${row}'`);
  return groups;
}

/** Which reference row each permission of core/access/permissions.ts stands for. */
const ROW_OF_PERMISSION: Readonly<Record<Permission, Row>> = {
  configurePoliciesAndSettings: 'Configure policies and settings',
  accessAnalytics: 'Access analytics insights',
  investigateAlerts: 'Access & investigate alerts',
  investigateCases: 'Access & investigate cases',
  viewContentExplorer: 'Access & view the Content Explorer',
  configureNoticeTemplates: 'Configure notice templates',
  viewAuditLog: 'View & export audit logs',
  viewForensicEvidence: 'Access & view forensic evidence captures',
  requestForensicEvidence: 'Create forensic evidence capturing request',
  approveForensicEvidence: 'Approve forensic evidence capturing requests',
  viewDeviceHealth: 'View device health report',
  managePriorityGroups: 'Create/edit priority user groups and priority physical assets',
  manageRoles: 'Assign role groups',
};

const CONFIGURE = 'Configure policies and settings';
const ALERTS = 'Access & investigate alerts';
const CASES = 'Access & investigate cases';
const NOTICE_TEMPLATES = 'Configure notice templates';
const AUDIT = 'View & export audit logs';
const PRIORITY = 'Create/edit priority user groups and priority physical assets';
const ROLES = 'Assign role groups';
const ANYONE = 'anyone';

const OUTSIDER = '6f1a2b3c-4d5e-4f60-8a7b-0000000000aa';
/** A case id of the right shape that does not exist: allowed callers get "not found", which is past the permission check. */
const NO_CASE = 'C-000000000000';
const POLICY_JSON = JSON.stringify({ name: 'Leaks to competitors', template: 'LeakOfInformation', indicators: ['SpoDownload', 'CopyToUSB'] });

/**
 * Every chat command: the reference row that governs it, and a sample that passes the router's
 * own checks (a mistake in the sample would be refused before the permission is even asked).
 */
const COMMANDS: Readonly<Record<string, { readonly row: Row; readonly text: string; readonly place?: Place }>> = {
  help: { row: ANYONE, text: 'help' },
  alerts: { row: ALERTS, text: 'alerts --severity High' },
  'alerts channel': { row: CONFIGURE, text: 'alerts channel here', place: 'channel' },
  dismiss: { row: ALERTS, text: 'dismiss --policy "Data leaks" --reason 1' },
  'case list': { row: CASES, text: 'case list --status Active' },
  'case show': { row: CASES, text: `case show ${NO_CASE}` },
  'case note': { row: CASES, text: `case note ${NO_CASE} Spoke to HR` },
  'case contributors': { row: CASES, text: `case contributors ${NO_CASE}` },
  'case resolve': { row: CASES, text: `case resolve ${NO_CASE} --as benign --action "No action"` },
  'case escalate': { row: CASES, text: `case escalate ${NO_CASE}` },
  'notice send': { row: CASES, text: `notice send ${NO_CASE} --template Reminder` },
  'notice-template list': { row: NOTICE_TEMPLATES, text: 'notice-template list' },
  'notice-template show': { row: NOTICE_TEMPLATES, text: 'notice-template show Reminder' },
  'notice-template create': { row: NOTICE_TEMPLATES, text: 'notice-template create Reminder --from irm@contoso.com --subject "Policy" --body "Please read it."' },
  'notice-template edit': { row: NOTICE_TEMPLATES, text: 'notice-template edit Reminder --subject "Policy, again"' },
  'notice-template delete': { row: NOTICE_TEMPLATES, text: 'notice-template delete Reminder' },
  'case team': { row: CASES, text: `case team ${NO_CASE}` },
  'case team create': { row: CASES, text: `case team create ${NO_CASE}` },
  settings: { row: CONFIGURE, text: 'settings' },
  'settings set': { row: CONFIGURE, text: 'settings set timeframes.activationWindowDays 14' },
  'settings add': { row: CONFIGURE, text: 'settings add intelligentDetections.keywordExclusions draft' },
  'settings remove': { row: CONFIGURE, text: 'settings remove intelligentDetections.keywordExclusions draft' },
  'roles list': { row: ROLES, text: 'roles list' },
  'roles add': { row: ROLES, text: `roles add auditors ${OUTSIDER}` },
  'roles remove': { row: ROLES, text: `roles remove auditors ${OUTSIDER}` },
  audit: { row: AUDIT, text: 'audit --limit 5' },
  'audit verify': { row: AUDIT, text: 'audit verify' },
  'audit export': { row: AUDIT, text: 'audit export --category Settings' },
  indicators: { row: CONFIGURE, text: 'indicators --category device' },
  'indicators enable': { row: CONFIGURE, text: 'indicators enable SpoDownload' },
  'indicators disable': { row: CONFIGURE, text: 'indicators disable Print' },
  'policy list': { row: CONFIGURE, text: 'policy list' },
  'policy show': { row: CONFIGURE, text: 'policy show Data leaks' },
  'policy create': { row: CONFIGURE, text: `policy create ${POLICY_JSON}` },
  'policy delete': { row: CONFIGURE, text: 'policy delete Data leaks' },
  'priority-group list': { row: PRIORITY, text: 'priority-group list' },
  'priority-group create': { row: PRIORITY, text: 'priority-group create Executives --description "Board and C-suite"' },
  'priority-group delete': { row: PRIORITY, text: 'priority-group delete Executives' },
  'priority-group add': { row: PRIORITY, text: 'priority-group add Executives ceo@contoso.com' },
  'priority-group remove': { row: PRIORITY, text: 'priority-group remove Executives ceo@contoso.com' },
  domains: { row: CONFIGURE, text: 'domains' },
  'domains allow': { row: CONFIGURE, text: 'domains allow contoso-partner.com' },
  'domains block': { row: CONFIGURE, text: 'domains block *.fabrikam.com +subdomains' },
  'domains third-party': { row: CONFIGURE, text: 'domains third-party box.com' },
  // §9.2: "Power Automate in Settings → IRM or IRM Admins"; running a flow for a case or user (and its history) is case work.
  'flows list': { row: CONFIGURE, text: 'flows list' },
  'flows show': { row: CONFIGURE, text: 'flows show notify-manager-on-alert' },
  'flows enable': { row: CONFIGURE, text: 'flows enable notify-manager-on-alert' },
  'flows disable': { row: CONFIGURE, text: 'flows disable notify-manager-on-alert' },
  'flows import': { row: CONFIGURE, text: `flows import ${JSON.stringify({ $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#', triggers: {}, actions: {} })}` },
  'flows run': { row: CASES, text: `flows run R-0000000000000000000A` },
  'flows runs': { row: CASES, text: 'flows runs notify-manager-on-alert' },
  'flows subscriptions': { row: CONFIGURE, text: 'flows subscriptions' },
  'domains remove': { row: CONFIGURE, text: 'domains remove allow contoso-partner.com' },
  exclusions: { row: CONFIGURE, text: 'exclusions' },
  'exclusions add': { row: CONFIGURE, text: 'exclusions add file-types mp3 wav' },
  'exclusions remove': { row: CONFIGURE, text: 'exclusions remove file-types mp3' },
};

interface Targets {
  /** An alert that needs review. */
  readonly alertRef: string;
  /** An active case of the same user. */
  readonly caseId: string;
}

/**
 * Every card verb, the reference row for it, and data a card would send. `alert.refresh`
 * re-renders what the channel post already shows everyone (triage actions only for those who may
 * triage); the case verbs are for case workers (and a case's named contributors, who are none here).
 */
const CARD_VERBS: Readonly<Record<Verb, { readonly row: Row; readonly data: (t: Targets) => Record<string, unknown> }>> = {
  'alert.refresh': { row: ANYONE, data: ({ alertRef }) => ({ alertRef }) },
  'alert.details': { row: ALERTS, data: ({ alertRef }) => ({ alertRef, expanded: true }) },
  'alert.confirm': { row: ALERTS, data: ({ alertRef }) => ({ alertRef, caseName: 'Roadmap copied' }) },
  'alert.addToCase': { row: ALERTS, data: ({ alertRef, caseId }) => ({ alertRef, caseId }) },
  'alert.dismiss': { row: ALERTS, data: ({ alertRef }) => ({ alertRef, reason: 'Activity is expected for this user' }) },
  'case.refresh': { row: CASES, data: ({ caseId }) => ({ caseId }) },
  'case.activity': { row: CASES, data: ({ caseId }) => ({ caseId, days: 30 }) },
  'case.addNote': { row: CASES, data: ({ caseId }) => ({ caseId, note: 'Spoke to HR' }) },
  'case.addContributor': { row: CASES, data: ({ caseId }) => ({ caseId, contributor: OUTSIDER }) },
  'case.resolve': { row: CASES, data: ({ caseId }) => ({ caseId, resolution: 'Benign', actionTaken: 'No action' }) },
  'case.sendNotice': { row: CASES, data: ({ caseId }) => ({ caseId, requestId: 'card:1', noticeTemplate: 'Reminder' }) },
  // No role group: HR people and approvers answer flows' cards; the wait token and the step's connector decide (unknown token: "not found").
  'flow.respond': { row: ANYONE, data: () => ({ waitToken: 'ab'.repeat(16), option: 'Approve' }) },
};

/** An open alert, and an active case (confirmed from another alert of the same user by the irm member). */
async function seedTargets(kit: BotTestKit): Promise<Targets> {
  const first = await kit.seedAlert({ id: 'data-leaks:ada@contoso.com:1', userId: 'ada@contoso.com' });
  const alertRef = await kit.seedAlert({ id: 'data-leaks:ada@contoso.com:2', userId: 'ada@contoso.com' });
  const irm = { id: PEOPLE.irm.aadObjectId, name: PEOPLE.irm.name };
  expect((await kit.cardActions.run(irm, 'manual', 'alert.confirm', { alertRef: first, caseName: 'Roadmap copied' })).statusCode).toBe(200);
  const [opened] = await kit.store.transaction((tx) => tx.documents(casesCollection).query({ where: { status: 'Active' } }));
  return { alertRef, caseId: opened.value.id };
}

const CALLERS: readonly (RoleGroup | 'nobody')[] = [...ROLE_GROUPS, 'nobody'];

function mayRun(row: Row, who: RoleGroup | 'nobody'): boolean {
  return row === ANYONE || (who !== 'nobody' && granted(row).has(who));
}

describe('the permission matrix (irm-reference §9.2)', () => {
  it('core/access/permissions.ts grants each permission to exactly the role groups of its reference row', () => {
    for (const permission of PERMISSIONS) {
      expect({ permission, groups: [...PERMISSION_MATRIX[permission]].sort() }).toEqual({ permission, groups: [...granted(ROW_OF_PERMISSION[permission])].sort() });
    }
  });

  it('names every chat command and every card verb in this test, and nothing else', async () => {
    const kit = await createBotTestKit();
    expect(kit.commands.commands.map((c) => c.name).sort()).toEqual(Object.keys(COMMANDS).sort());
    expect([...VERBS].sort()).toEqual(Object.keys(CARD_VERBS).sort());
  });
});

describe.each(CALLERS)('a caller in %s', (who) => {
  const person: BotPerson = PEOPLE[who];

  it.each(Object.entries(COMMANDS))('%s: allowed or denied as the reference says, a denial audited', async (name, { row, text, place }) => {
    const kit = await createBotTestKit();
    const reply = replyText(await kit.ask(person, text, place));
    const denials = (await kit.audit()).filter((e) => e.activity === 'Permission denied');
    if (mayRun(row, who)) {
      expect(reply).not.toMatch(/^[⛔❌]/u);
      expect(denials).toEqual([]);
      expect(kit.logs).toEqual([]);
    } else {
      expect(reply).toMatch(/^⛔ .* may not run '/u);
      expect(denials).toHaveLength(1);
      expect(denials[0]).toMatchObject({ category: expect.any(String), actor: { id: person.aadObjectId, name: person.name }, target: `run '${name}'` });
    }
  });

  it('help lists exactly the commands the caller may run', async () => {
    const kit = await createBotTestKit();
    const listed = tableRows(await kit.ask(person, 'help')).map((r) => r[0]);
    const expected = kit.commands.commands.filter((c) => mayRun(COMMANDS[c.name].row, who)).map((c) => c.usage);
    expect(listed).toEqual(expected);
  });

  it.each(Object.entries(CARD_VERBS))('card verb %s: allowed or denied as the reference says, a denial audited', async (verb, { row, data }) => {
    const kit = await createBotTestKit();
    const targets = await seedTargets(kit);
    const caller = { id: person.aadObjectId, name: person.name };
    const response = await kit.cardActions.run(caller, 'manual', verb, data(targets));
    const denials = (await kit.audit()).filter((e) => e.activity === 'Permission denied');
    // Either way Teams gets a card: the refusal is a card that says so, for the clicking person only.
    expect(response.statusCode).toBe(200);
    const card = JSON.stringify(response.value);
    if (mayRun(row, who)) {
      expect(card).not.toMatch(verb === 'flow.respond' ? /"Not allowed"/ : /"Not (allowed|found)"/);
      expect(denials).toEqual([]);
      expect(kit.logs).toEqual([]);
      // The alert card offers triage only to those who may triage.
      if (verb === 'alert.refresh') expect(card.includes('"alert.confirm"')).toBe(mayRun(ALERTS, who));
    } else {
      expect(card).toContain('"Not allowed"');
      expect(card).toContain(`${person.name} may not `);
      expect(denials).toHaveLength(1);
      expect(denials[0]).toMatchObject({ category: row === CASES ? 'Cases' : 'Alerts', actor: { id: person.aadObjectId, name: person.name } });
    }
  });
});

describe('callers Teams sends without an Entra object id', () => {
  it('hold no role: refused and audited as an unidentified caller', async () => {
    const kit = await createBotTestKit();
    const message: Partial<Activity> = { ...kit.message(PEOPLE.nobody, 'settings'), from: { id: '29:guest', name: 'Guest' } };
    let reply: Partial<Activity> | undefined;
    await kit.adapter.send(message).assertReply((activity) => {
      reply = activity;
    });
    expect(replyText(reply ?? {})).toMatch(/^⛔ Guest may not run 'settings'/u);
    const [denial] = await kit.audit();
    expect(denial).toMatchObject({ activity: 'Permission denied', actor: { id: 'system', name: 'unidentified caller Guest' }, target: "run 'settings'" });
  });
});

describe('card actions through the bot (TestAdapter invoke)', () => {
  it('answers adaptiveCard/action with the card, or with a refusal card for someone outside the role groups', async () => {
    const kit = await createBotTestKit();
    const alertRef = await kit.seedAlert();
    const invoke = (from: BotPerson): Partial<Activity> => ({
      ...kit.message(from, ''),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'alert.details', data: { alertRef, expanded: true } }, trigger: 'manual' },
    });
    await kit.adapter
      .send(invoke(PEOPLE.analysts))
      .assertReply((activity) => {
        expect(activity.type).toBe('invokeResponse');
        expect(activity.value).toMatchObject({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' } });
      })
      .send(invoke(PEOPLE.nobody))
      .assertReply((activity) => {
        expect(activity.value).toMatchObject({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' } });
        expect(JSON.stringify(activity.value)).toContain('"Not allowed"');
      });
  });
});
