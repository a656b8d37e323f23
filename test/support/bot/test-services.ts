import { type Activity, TestAdapter } from 'botbuilder';
import { CARD_ACTION_HANDLERS } from '../../../bot/card-actions';
import { type CardActionRouter, createCardActionRouter } from '../../../bot/card-actions/card-action-router';
import type { BotServices } from '../../../bot/bot-services';
import { chatCommands } from '../../../bot/commands';
import { type CommandRouter, createCommandRouter } from '../../../bot/commands/command-router';
import { IrmBot } from '../../../bot/irm-bot';
import { createAccessControl } from '../../../core/access/access-control';
import { deniedAttemptRecord } from '../../../core/access/denied-attempts';
import { addRoleMember } from '../../../core/access/role-assignments';
import { ROLE_GROUPS, type RoleGroup } from '../../../core/access/role-groups';
import type { Alert } from '../../../core/alerts/alert';
import { appendAudit, type AuditFilters, listAudit } from '../../../core/audit/audit-log';
import type { AuditEntry } from '../../../core/audit/audit-entry';
import { alertsCollection } from '../../../core/persistence/collections';
import { ensureReference } from '../../../core/persistence/references';
import type { RecordAudit } from '../../../core/ports/audit-trail';
import type { Clock } from '../../../core/ports/clock';
import type { Store } from '../../../core/ports/store';
import { createPseudonymizer } from '../../../core/privacy/pseudonymizer';
import { currentSettings } from '../../../core/settings/current-settings';
import type { Settings } from '../../../core/settings/settings';
import { nodeHasher } from '../../../infra/crypto/node-hasher';
import { createFlowEngine } from '../../../flows/create-flow-engine';
import { createMemoryStore } from '../memory-store';
import { sampleAlert } from '../samples/sample-alert';

/**
 * The bot as bot/main.ts composes it, without the server: BotServices over the in-memory store,
 * a fixed clock, the node hasher, the pseudonymizer and access control that audits denials, the
 * real command and card-action routers, and an IrmBot behind botbuilder's TestAdapter.
 */

export const FIXED_NOW = new Date('2026-03-02T09:00:00.000Z');
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT_ID = '28:5f3e2a1b-9c8d-4e7f-a6b5-0c1d2e3f4a5b';
export const TEAM = { id: '19:Kp3sWx2qQ0mB7yJ1nV4tR8zL6cF9hD5a@thread.tacv2', name: 'Security Operations' };
export const CHANNEL = { id: '19:irm-alerts-0a1b2c3d4e5f@thread.tacv2', name: 'IRM Alerts' };

export interface BotPerson {
  /** Teams' id for the person (`29:…`). */
  readonly teamsId: string;
  /** Entra object id, what the role groups hold. */
  readonly aadObjectId: string;
  readonly name: string;
}

function botPerson(n: number, name: string): BotPerson {
  const hex = n.toString(16).padStart(12, '0');
  return { teamsId: `29:1${hex}AbCdEfGhIjKlMnOp`, aadObjectId: `6f1a2b3c-4d5e-4f60-8a7b-${hex}`, name };
}

/** One member per role group, and someone in none. */
export const PEOPLE: Readonly<Record<RoleGroup | 'nobody', BotPerson>> = {
  irm: botPerson(1, 'Ida Irm'),
  admins: botPerson(2, 'Ada Admin'),
  analysts: botPerson(3, 'Grace Analyst'),
  investigators: botPerson(4, 'Linus Investigator'),
  auditors: botPerson(5, 'Audrey Auditor'),
  approvers: botPerson(6, 'Abe Approver'),
  nobody: botPerson(7, 'Mallory Member'),
};

export interface BotTestKitOptions {
  /** Role members to seed; default: PEOPLE[group] in each group. */
  readonly members?: Partial<Readonly<Record<RoleGroup, readonly BotPerson[]>>>;
  readonly now?: Date;
}

export type Place = 'personal' | 'channel';

export interface BotTestKit {
  readonly store: Store;
  readonly clock: Clock;
  readonly services: BotServices;
  readonly commands: CommandRouter;
  readonly cardActions: CardActionRouter;
  readonly bot: IrmBot;
  readonly adapter: TestAdapter;
  /** What the services logged (unexpected errors land here). */
  readonly logs: readonly string[];
  /** How often the outbox dispatcher was woken. */
  kicks(): number;
  /** A Teams message from `from`, as TestAdapter takes it (in a channel: with the bot's @mention). */
  message(from: BotPerson, text: string, place?: Place): Partial<Activity>;
  /** Sends the message through TestAdapter and returns the bot's one reply. */
  ask(from: BotPerson, text: string, place?: Place): Promise<Partial<Activity>>;
  /** The audit log, newest first. */
  audit(filters?: AuditFilters): Promise<AuditEntry[]>;
  settings(): Promise<Settings>;
  /** Stores an alert (sampleAlert with `overrides`) and returns its card reference `A-…`. */
  seedAlert(overrides?: Partial<Alert>): Promise<string>;
}

let nextActivityId = 1;

export async function createBotTestKit(options: BotTestKitOptions = {}): Promise<BotTestKit> {
  const store = createMemoryStore();
  const now = options.now ?? FIXED_NOW;
  const clock: Clock = { now: () => new Date(now.getTime()) };
  const audit: RecordAudit = async (tx, record) => {
    await appendAudit(tx, nodeHasher, clock, record);
  };
  const access = createAccessControl({
    store,
    recordDenied: (caller, permission, action) => store.transaction((tx) => audit(tx, deniedAttemptRecord(caller, permission, action))),
  });
  const logs: string[] = [];
  let kicks = 0;
  const pseudonymizer = createPseudonymizer(nodeHasher, 'unit-test-pseudonym-key-0123456789');
  // The real engine over the same store; posts and HTTP calls go nowhere (no flow is enabled unless a test enables one).
  const flows = createFlowEngine({
    store,
    clock,
    hasher: nodeHasher,
    audit,
    pseudonymizer,
    teams: { post: () => Promise.reject(new Error('no Teams in the bot test kit')), update: () => Promise.resolve() },
    http: { request: () => Promise.reject(new Error('no HTTP in the bot test kit')) },
    timers: { sleep: () => Promise.resolve() },
    log: (line) => logs.push(line),
  });
  const services: BotServices = {
    store,
    clock,
    access,
    flows,
    pseudonymizer,
    hasher: nodeHasher,
    audit,
    kick: () => {
      kicks++;
    },
    log: (line) => logs.push(line),
    // TestAdapter queues replies in memory; there are no Teams limits to respect.
    throttle: (_conversationId, send) => send(),
  };

  const members = options.members ?? Object.fromEntries(ROLE_GROUPS.map((g) => [g, [PEOPLE[g]]]));
  await store.transaction(async (tx) => {
    for (const group of ROLE_GROUPS) {
      for (const person of members[group] ?? []) {
        await addRoleMember(tx, group, { aadObjectId: person.aadObjectId, displayName: person.name, addedBy: 'system', addedAt: now.toISOString() });
      }
    }
  });

  const commands = createCommandRouter(chatCommands({ postBacklog: () => Promise.resolve(0), publicUrl: () => 'https://irm.contoso.com' }));
  const cardActions = createCardActionRouter(services, CARD_ACTION_HANDLERS);
  const bot = new IrmBot(services, commands, cardActions);
  const adapter = new TestAdapter((context) => bot.run(context));

  const message = (from: BotPerson, text: string, place: Place = 'personal'): Partial<Activity> => {
    const id = String(nextActivityId++);
    const common = {
      type: 'message',
      id,
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
      from: { id: from.teamsId, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { id: BOT_ID, name: 'Insider Risk' },
      textFormat: 'plain',
      locale: 'en-US',
    };
    if (place === 'personal') {
      return { ...common, text, conversation: { id: `a:1${from.aadObjectId.replace(/-/g, '')}`, conversationType: 'personal', tenantId: TENANT_ID, isGroup: false, name: '' }, channelData: { tenant: { id: TENANT_ID } } };
    }
    return {
      ...common,
      text: `<at>Insider Risk</at> ${text}`,
      conversation: { id: `${CHANNEL.id};messageid=${id}`, conversationType: 'channel', tenantId: TENANT_ID, isGroup: true, name: '' },
      channelData: { team: TEAM, channel: CHANNEL, tenant: { id: TENANT_ID } },
      entities: [{ type: 'mention', mentioned: { id: BOT_ID, name: 'Insider Risk' }, text: '<at>Insider Risk</at>' }],
    };
  };

  return {
    store,
    clock,
    services,
    commands,
    cardActions,
    bot,
    adapter,
    logs,
    kicks: () => kicks,
    message,
    async ask(from, text, place) {
      let reply: Partial<Activity> | undefined;
      await adapter.send(message(from, text, place)).assertReply((activity) => {
        reply = activity;
      });
      if (reply === undefined) throw new Error(`no reply to '${text}'`);
      return reply;
    },
    audit: (filters) => store.transaction((tx) => listAudit(tx, { limit: 1000, ...filters })),
    settings: () => store.transaction((tx) => currentSettings(tx, clock.now())),
    async seedAlert(overrides = {}) {
      const alert = sampleAlert(overrides);
      return store.transaction(async (tx) => {
        await tx.documents(alertsCollection).create(alert.userId, alert.id, alert);
        return ensureReference(tx, services.pseudonymizer, { kind: 'alert', userId: alert.userId, id: alert.id });
      });
    },
  };
}
