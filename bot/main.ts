// The server's entry point and composition root: the one file in bot/ allowed to reach infra/.
import { createAccessControl, type AccessControl } from '../core/access/access-control';
import { deniedAttemptRecord } from '../core/access/denied-attempts';
import { addRoleMember, listRoleAssignments } from '../core/access/role-assignments';
import { ADMINISTERING_GROUPS, CASE_WORKING_GROUPS } from '../core/access/role-groups';
import { appendAudit, purgeExpiredAudit } from '../core/audit/audit-log';
import { runMaintenance } from '../core/alerts/alert-retention';
import { listAlerts } from '../core/alerts/alert-queries';
import { alertPostsCollection } from '../core/conversations/conversation';
import { createOutboxDispatcher, type OutboxDispatcher } from '../core/events/outbox-dispatcher';
import type { RecordAudit } from '../core/ports/audit-trail';
import type { Directory } from '../core/ports/directory';
import type { Messenger } from '../core/ports/messenger';
import { createPseudonymizer } from '../core/privacy/pseudonymizer';
import { prepareScoring } from '../core/scoring/engine/prepare-scoring';
import { loadConfig, type AppConfig } from '../infra/config';
import { registerIngestRoutes } from '../infra/connectors/http/ingest.routes';
import { createContainer, type Container } from '../infra/container';
import { resolveFlowsKey, resolveIngestKey, resolvePseudonymKey } from '../infra/ingest-key';
import { createBearerCheck } from '../infra/connectors/http/bearer-auth';
import { createGraphCalendar } from '../infra/graph/graph-calendar';
import { createFetchHttpClient } from '../infra/http/fetch-http-client';
import { createFlowEngine } from '../flows/create-flow-engine';
import type { FlowEngine } from '../flows/flow-engine';
import { createFlowDeliveryConsumer } from '../flows/subscriptions/flow-delivery.consumer';
import { startDeliveryPump } from '../flows/subscriptions/delivery-pump';
import { DELIVERY_HISTORY_DAYS, purgeFinishedDeliveries } from '../flows/subscriptions/delivery-retention';
import { createFlowTeams } from './flows/flow-teams';
import { registerFlowActionRoutes } from './http/flow-actions.route';
import { registerFlowSubscriptionRoutes } from './http/flow-subscriptions.route';
import { createGraphConnection, createGraphCredential } from '../infra/graph/graph-client';
import { createGraphDirectory } from '../infra/graph/graph-directory';
import { createGraphMailer } from '../infra/graph/graph-mailer';
import { createGraphTeamProvisioner } from '../infra/graph/graph-team-provisioner';
import { awaitTeamCreation } from '../infra/graph/await-team-creation';
import type { TokenCredential } from '@azure/identity';
import { createBotAdapter } from '../infra/teams/bot-adapter';
import type { WindowLimits } from '../infra/teams/sliding-window-limiter';
import { createTeamsMessenger } from '../infra/teams/teams-messenger';
import { type BackoffOptions, createThrottledSender, threadKeyOf, type ThrottledSender } from '../infra/teams/throttled-sender';
import type { BotServices } from './bot-services';
import { CARD_ACTION_HANDLERS } from './card-actions';
import { createCardActionRouter } from './card-actions/card-action-router';
import { chatCommands } from './commands';
import { createCommandRouter } from './commands/command-router';
import { registerDownloadsRoute } from './http/downloads.route';
import { writeZip } from '../manifest/zip-writer';
import { registerMessagesRoute } from './http/messages.route';
import { IrmBot } from './irm-bot';
import { type AlertCardPublisher, createAlertCardPublisher } from './notifications/alert-card.publisher';
import { createCaseTeamProvisioner } from './notifications/case-team.provisioner';
import { createHttpServer } from './server';

/** What tests may change about a running app: time scales of Teams' limits, the log. */
export interface AppOverrides {
  readonly threadLimits?: WindowLimits;
  readonly appLimits?: WindowLimits;
  readonly backoff?: BackoffOptions;
  /** How Graph is reached (tests pass a fetch that trusts the fake Graph's certificate). */
  readonly graphFetch?: typeof fetch;
  /** Graph's token source (tests pass a static one; the fake accepts any bearer token). */
  readonly graphCredential?: TokenCredential;
  /** First pause before the outbox retries a failed event (default 1 s); tests make it tiny. */
  readonly outboxRetryBaseMs?: number;
  /** The sender's time (tests share a warp clock with the fake connector). */
  readonly senderClock?: { now(): number; sleep(ms: number): Promise<void> };
  /** The flow runner's short waits (retry intervals, delays); tests pass a virtual clock's. */
  readonly flowTimers?: { sleep(ms: number, signal?: AbortSignal): Promise<void> };
  readonly log?: (line: string) => void;
}

export interface RunningApp {
  readonly url: string;
  readonly port: number;
  readonly container: Container;
  readonly services: BotServices;
  readonly dispatcher: OutboxDispatcher;
  readonly publisher: AlertCardPublisher;
  readonly sender: ThrottledSender;
  readonly ingestKey: string;
  /** The Power Platform custom connector's bearer key. */
  readonly flowsKey: string;
  readonly flows: FlowEngine;
  close(): Promise<void>;
}

export async function startApp(config: AppConfig, overrides: AppOverrides = {}): Promise<RunningApp> {
  const log = overrides.log ?? ((line: string): void => console.error(line));
  const container = await createContainer(config);
  const { store, clock, hasher } = container;
  await prepareScoring(store, clock.now());
  const ingestKey = resolveIngestKey(config.ingestKey, config.dataDir);
  const flowsKey = resolveFlowsKey(config.flows.connectorKey, config.dataDir);
  const pseudonymKey = resolvePseudonymKey(config.pseudonymKey, config.dataDir);
  const pseudonymizer = createPseudonymizer(hasher, pseudonymKey.key);
  const audit: RecordAudit = async (tx, record) => {
    await appendAudit(tx, hasher, clock, record);
  };

  // The dispatcher needs the publisher, which needs the services; services wake it through this.
  const wake = { kick: (): void => undefined };
  // Graph, when configured: Entra role groups now; case teams and notice mail build on the same connection.
  const graph =
    config.graph === undefined
      ? undefined
      : createGraphConnection({ credential: overrides.graphCredential ?? createGraphCredential(config.graph.credential), baseUrl: config.graph.baseUrl, ...(overrides.graphFetch === undefined ? {} : { fetch: overrides.graphFetch }) });
  const directory = graph === undefined ? undefined : createGraphDirectory({ connection: graph });
  // Notice mail needs Graph and the sending mailbox; the optional Teams chat message uses the messenger made further down.
  const noticeMailbox = config.graph?.noticeMailbox;
  const notices = graph === undefined || noticeMailbox === undefined ? undefined : { mailer: createGraphMailer({ connection: graph }), mailbox: noticeMailbox, messenger: undefined as Messenger | undefined };
  if (graph !== undefined && noticeMailbox === undefined) log('Graph is configured without IRM_NOTICE_MAILBOX: notices cannot be sent');
  if (graph === undefined && Object.keys(config.entraRoleGroups).length > 0) {
    log('IRM_ROLE_GROUP_* is set but Graph is not configured (GRAPH_*): only local role members count until it is');
  }
  const access: AccessControl = createAccessControl({
    store,
    entraGroups: config.entraRoleGroups,
    ...(directory === undefined ? {} : { groupMembership: directory }),
    recordDenied: (caller, permission, action) => store.transaction((tx) => audit(tx, deniedAttemptRecord(caller, permission, action))),
  });
  const sender = createThrottledSender({
    ...(overrides.threadLimits === undefined ? {} : { threadLimits: overrides.threadLimits }),
    ...(overrides.appLimits === undefined ? {} : { appLimits: overrides.appLimits }),
    ...(overrides.backoff === undefined ? {} : { backoff: overrides.backoff }),
    ...(overrides.senderClock === undefined ? {} : { now: () => overrides.senderClock?.now() ?? Date.now(), sleep: (ms: number) => overrides.senderClock?.sleep(ms) ?? Promise.resolve() }),
    onRetry: (event) => log(`teams: retrying after ${event.failure.status ?? 'a network error'} in ${Math.round(event.waitMs)} ms`),
  });
  const services: BotServices & { flows?: FlowEngine } = {
    store,
    clock,
    access,
    pseudonymizer,
    hasher,
    audit,
    kick: () => wake.kick(),
    log,
    throttle: (conversationId, send) => sender.run(threadKeyOf(conversationId), send, 'reply in a conversation'),
    ...(notices === undefined ? {} : { notices }),
  };
  await bootstrapAdministrators(services, config.bootstrapAdmins);
  const adapter = createBotAdapter(config.bot);
  adapter.onTurnError = async (context, error) => {
    log(`turn error (${context.activity.type}): ${error.stack ?? error.message}`);
    await context.sendActivity('Something went wrong on our side; the error is in the server log.');
  };
  const messenger = createTeamsMessenger({ adapter, botAppId: config.bot.appId, sender });
  if (notices !== undefined) notices.messenger = messenger;
  const publisher = createAlertCardPublisher(services, messenger);
  // Flows: run server-side with real identities; mail, calendar and users through Graph, Teams through the bot.
  const http = createFetchHttpClient();
  const flows = createFlowEngine({
    store,
    clock,
    hasher,
    audit,
    pseudonymizer,
    teams: createFlowTeams({ store, messenger, ...(directory === undefined ? {} : { directory }) }),
    http,
    ...(directory === undefined ? {} : { directory }),
    ...(graph === undefined ? {} : { mailer: notices?.mailer ?? createGraphMailer({ connection: graph }), calendar: createGraphCalendar({ connection: graph }) }),
    ...(config.flows.mailbox === undefined ? {} : { mailbox: config.flows.mailbox }),
    ...(config.bot.tenantId === undefined ? {} : { tenantId: config.bot.tenantId }),
    ...(config.flows.serviceNow === undefined ? {} : { serviceNow: { kind: 'servicenow' as const, ...config.flows.serviceNow } }),
    ...(config.flows.httpAllowedHosts === undefined ? {} : { httpAllowedHosts: config.flows.httpAllowedHosts }),
    ...(overrides.flowTimers === undefined ? {} : { timers: overrides.flowTimers }),
    log,
  });
  services.flows = flows;
  const flowDelivery = createFlowDeliveryConsumer({ store, clock, http, audit, hasher, pseudonymizer, referenceKey: pseudonymKey.key, ...(config.bot.tenantId === undefined ? {} : { tenantId: config.bot.tenantId }), log });
  // Case teams need Graph and the app's catalog id; the `teams.caseTeams` setting turns them on at run time.
  const teamsAppId = config.graph?.teamsAppId;
  const caseTeamPollMs = config.graph?.caseTeamPollMs ?? 31_000;
  if (graph !== undefined && teamsAppId === undefined) log('Graph is configured without IRM_TEAMS_APP_ID: no case teams (the bot could not post into them)');
  const graphTeams = graph === undefined ? undefined : createGraphTeamProvisioner({ connection: graph });
  const caseTeams =
    graphTeams === undefined || teamsAppId === undefined
      ? undefined
      : createCaseTeamProvisioner(services, {
          teams: graphTeams,
          messenger,
          teamsAppId,
          ...(config.graph?.caseTeamOwner === undefined ? {} : { ownerObjectId: config.graph.caseTeamOwner }),
          awaitCreation: (operationUrl) => awaitTeamCreation(graphTeams, operationUrl, { intervalMs: caseTeamPollMs }),
          // Directory lookups lag; about four polls' time before an unseen creation counts as never made.
          lookupGraceMs: 4 * caseTeamPollMs,
          ...(directory === undefined ? {} : { entraTeamMembers: () => entraMembersOf(directory, config.entraRoleGroups) }),
        });
  const dispatcher = createOutboxDispatcher({
    store,
    clock,
    consumers: [publisher, ...(caseTeams === undefined ? [] : [caseTeams]), flows.consumer, flowDelivery],
    pollIntervalMs: config.outboxPollMs,
    ...(overrides.outboxRetryBaseMs === undefined ? {} : { retryBaseMs: overrides.outboxRetryBaseMs }),
    log,
  });

  const postBacklog = async (): Promise<number> => {
    const waiting = await store.transaction(async (tx) => {
      const open = await listAlerts(tx, { status: 'NeedsReview', limit: 10_000 });
      const unposted = [];
      for (const a of open) if ((await tx.documents(alertPostsCollection).get(a.userId, a.id)) === undefined) unposted.push(a);
      return unposted;
    });
    // Oldest first, in the background: at Teams' pace (about two posts a second per channel) a backlog takes a while.
    void (async () => {
      for (const a of [...waiting].reverse()) {
        try {
          await publisher.publish(a.userId, a.id);
        } catch (error) {
          log(`posting a waiting alert failed (the outbox will retry it on its next update): ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return waiting.length;
  };

  // The port is known only once listening (PORT=0 picks a free one).
  let publicUrl = config.publicUrl ?? '';
  const commands = createCommandRouter(chatCommands({ postBacklog, publicUrl: () => publicUrl, caseTeamsConfigured: caseTeams !== undefined }));
  const cardActions = createCardActionRouter(services, CARD_ACTION_HANDLERS);
  const bot = new IrmBot(services, commands, cardActions);

  const server = createHttpServer(log);
  registerMessagesRoute(server, adapter, bot, log);
  registerDownloadsRoute(server, services, (entries) => writeZip(entries));
  registerIngestRoutes(server, {
    store,
    clock,
    internalDomains: config.internalDomains,
    ingestKey: ingestKey.key,
    maxUploadBytes: config.maxUploadBytes,
    log,
    onCommitted: () => dispatcher.kick(),
  });
  const flowRoutes = {
    store,
    clock,
    audit,
    hasher,
    pseudonymizer,
    authenticate: createBearerCheck(flowsKey.key, 'flows connector key (IRM_FLOWS_KEY)'),
    publicUrl: () => publicUrl,
    ...(config.flows.callbackHosts === undefined ? {} : { callbackPolicy: { allowedHosts: config.flows.callbackHosts } }),
    ...(config.bot.tenantId === undefined ? {} : { tenantId: config.bot.tenantId }),
    kick: () => dispatcher.kick(),
    log,
  };
  registerFlowSubscriptionRoutes(server, flowRoutes);
  registerFlowActionRoutes(server, flowRoutes);
  wake.kick = () => dispatcher.kick();
  await new Promise<void>((resolve) => {
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  if (config.publicUrl === undefined) publicUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  dispatcher.start();
  const daily = scheduleDailyMaintenance(services, () => dispatcher.kick());
  const deliveries = startDeliveryPump(flowDelivery, { clock, log });
  // Waits that are due, retries, and runs a crash left half-done (their lease has run out) continue here.
  const resumeFlows = async (): Promise<void> => {
    try {
      flows.kick();
      await flows.resumeDue();
    } catch (error) {
      log(`flows: resuming due runs failed (tried again shortly): ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const flowTimer = setInterval(() => void resumeFlows(), config.flows.resumePollMs);
  flowTimer.unref();
  void resumeFlows();
  if (config.bot.appId === '') log('MicrosoftAppId is not set: /api/messages accepts activities without Bot Framework tokens. Use this for local development only.');

  return {
    url: `http://${config.host}:${port}`,
    port,
    container,
    services,
    dispatcher,
    publisher,
    sender,
    ingestKey: ingestKey.key,
    flowsKey: flowsKey.key,
    flows,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      daily.stop();
      clearInterval(flowTimer);
      await deliveries.stop();
      await flows.close();
      await dispatcher.stop();
      await sender.idle();
      await container.close();
    },
  };
}

/** The users in the Entra groups mapped to the role groups that work every case. */
async function entraMembersOf(directory: Directory, groups: AppConfig['entraRoleGroups']): Promise<string[]> {
  const ids = CASE_WORKING_GROUPS.map((g) => groups[g]).filter((id): id is string => id !== undefined);
  const members = await Promise.all(ids.map((id) => directory.groupMemberIds(id)));
  return [...new Set(members.flat())];
}

/**
 * Retention (Needs-review alerts after 120 days, audit entries after 180) and the directory facts
 * scoring reads: a minute after start, then daily. Each step is idempotent, so a missed or
 * repeated run does no harm; a failure is logged and tried again the next day.
 */
function scheduleDailyMaintenance(services: BotServices, kick: () => void): { stop(): void } {
  const run = async (): Promise<void> => {
    try {
      const report = await runMaintenance(services.store, services.clock);
      const purged = await services.store.transaction((tx) => purgeExpiredAudit(tx, services.clock.now()));
      const runs = (await services.flows?.purgeHistory()) ?? 0;
      await purgeFinishedDeliveries(services.store, new Date(services.clock.now().getTime() - DELIVERY_HISTORY_DAYS * 86_400_000).toISOString());
      if (report.expired.length > 0 || purged > 0 || runs > 0) services.log(`maintenance: ${report.expired.length} alerts expired, ${purged} audit entries past retention removed, ${runs} flow runs past their history period removed`);
      kick();
    } catch (error) {
      services.log(`maintenance failed (retried tomorrow): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  const first = setTimeout(() => void run(), 60_000);
  const every = setInterval(() => void run(), 86_400_000);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}

/**
 * With nobody able to administer the product (a fresh store), the object ids in IRM_ADMINS join
 * the irm role group, audited as done by `system`. Once an administrator exists, IRM_ADMINS is
 * ignored, so it cannot be used to come back in after being removed.
 */
async function bootstrapAdministrators(services: BotServices, admins: readonly string[]): Promise<void> {
  const now = services.clock.now().toISOString();
  const added = await services.store.transaction(async (tx) => {
    const roles = await listRoleAssignments(tx);
    if (ADMINISTERING_GROUPS.some((g) => (roles.get(g) ?? []).length > 0) || admins.length === 0) return 0;
    for (const id of admins) {
      await addRoleMember(tx, 'irm', { aadObjectId: id, addedBy: 'system', addedAt: now });
      await services.audit(tx, { category: 'Settings', activity: 'Added role member', actor: { id: 'system', name: 'IRM_ADMINS at start' }, target: 'irm', details: { member: id } });
    }
    return admins.length;
  });
  if (added > 0) services.log(`made ${added} IRM_ADMINS member${added === 1 ? '' : 's'} of the irm role group (nobody administered the product yet)`);
  else if (admins.length === 0) {
    const any = await services.store.transaction(async (tx) => [...(await listRoleAssignments(tx)).values()].some((m) => m.length > 0));
    if (!any) services.log("no role group has members: set IRM_ADMINS to your Entra object id (or run 'irm roles add irm <object id>') so someone can administer the product");
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startApp(config);
  const where = config.store.kind === 'sqlite' ? `SQLite at ${config.store.path}` : `Cosmos DB database ${config.store.databaseId}`;
  console.log(`teams-insider-risk listening on ${app.url} (store: ${where})`);
  console.log(`ingestion key: ${config.ingestKey === undefined ? `in ${config.dataDir}/ingest.key` : 'from IRM_INGEST_KEY'}`);
  console.log(`flows connector key (Power Automate custom connector): ${config.flows.connectorKey === undefined ? `in ${config.dataDir}/flows.key` : 'from IRM_FLOWS_KEY'}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
