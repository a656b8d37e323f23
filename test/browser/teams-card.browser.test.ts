import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { casesCollection } from '../../core/cases/case';
import { alertsCollection } from '../../core/persistence/collections';
import { ingest, startTestApp, type TestApp } from '../support/app/start-test-app';
import { directoryCsv, resignationCsv, scenarioUsers, usbCopiesNdjson } from '../support/scenarios/departing-user.scenario';
import { ALERTS_CHANNEL, botAddedToTeam, GENERAL_CHANNEL, person, postActivity, TEAM_ID } from '../support/teams-activities';
import { startTeamsWeb, type TeamsWeb, type TeamsWebExchange } from '../support/teams-web/teams-web-server';

/**
 * The alert card in a browser, the way an analyst meets it in Teams: the official Adaptive Cards
 * renderer in Debian's Chromium, driven by playwright-core, in the Teams-like page of
 * test/support/teams-web against the real server and the fake Teams connector.
 */

const CHROMIUM = '/usr/bin/chromium';
// The flags that work on this project's machines (shared/reference/toolchain.md §7).
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
/** Long enough for Teams-paced posting (scaled) and a cold Chromium on a busy 2-core machine. */
const UI_TIMEOUT_MS = 10_000;

const skipBrowser = process.env.IRM_SKIP_BROWSER_TESTS === '1';
if (skipBrowser) console.log('Skipping the browser tests: IRM_SKIP_BROWSER_TESTS=1 is set.');
const describeInBrowser = skipBrowser ? describe.skip : describe;

jest.setTimeout(30_000);

const admin = person(1, 'Ada Admin');
const grace = person(2, 'Grace Analyst');
const mallory = person(4, 'Mallory Member');

function invokes(web: TeamsWeb, verb: string): TeamsWebExchange[] {
  return web.exchanges().filter((e) => e.activity.type === 'invoke' && (e.activity.value as { action?: { verb?: string } } | undefined)?.action?.verb === verb);
}

describeInBrowser('alert cards in a Teams-like page in Chromium', () => {
  let t: TestApp | undefined;
  let web: TeamsWeb | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let page: Page;
  /** Script errors and console errors or warnings in the page (a card parse warning is one). */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}; the browser tests need it: apt-get install -y chromium (or set IRM_SKIP_BROWSER_TESTS=1 to skip them).`);
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp({
      admins: [admin.aadObjectId],
      connector: {
        channels: [GENERAL_CHANNEL, ALERTS_CHANNEL],
        members: [admin, grace, mallory].map((p) => ({ id: p.teamsId, name: p.name, aadObjectId: p.aadObjectId })),
      },
    });
    // Installing the app happens outside the channel view.
    expect((await postActivity(t.app.url, botAddedToTeam(t.teams.url, admin))).status).toBe(200);
    web = await startTeamsWeb({ botUrl: t.app.url, teams: t.teams, people: [admin, grace, mallory], channels: [GENERAL_CHANNEL, ALERTS_CHANNEL], initialChannelId: ALERTS_CHANNEL.id });

    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1100, height: 1000 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // Chromium logs every non-2xx response as "Failed to load resource"; those are checked below.
      if ((message.type() === 'error' || message.type() === 'warning') && !message.text().startsWith('Failed to load resource')) {
        pageErrors.push(`console.${message.type()}: ${message.text()}`);
      }
    });
    page.on('response', (response) => {
      // The bot's own statuses (an invoke answered 403) reach the page through /api/messages and are asserted per test.
      if (response.status() >= 400 && !response.url().endsWith('/api/messages')) pageErrors.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    await page.goto(web.url);
    await page.waitForSelector('body[data-polls]', { timeout: UI_TIMEOUT_MS });
    // About 5 s on an idle machine; the bound leaves room for CI running other suites beside it.
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await web?.close();
    await t?.close();
    if (profile !== undefined) fs.rmSync(profile, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  const signInAs = (who: { aadObjectId: string }) => page.selectOption('#signed-in-as', who.aadObjectId);

  /** Types into the compose box, sends, and waits for the bot's reply in the new post's thread. */
  async function say(text: string, reply: string): Promise<void> {
    await page.fill('#compose-text', text);
    await page.click('#send');
    const thread = page.locator('section.thread', { has: page.locator('article:not(.from-bot)', { hasText: text }) });
    const answer = thread.locator('article.from-bot', { hasText: reply });
    await answer.waitFor({ timeout: UI_TIMEOUT_MS });
  }

  const alertCards = () => page.locator('article.from-bot', { has: page.locator('.card', { hasText: 'severity alert' }) });

  it('a command typed in the channel reaches the bot as a Teams channel message, and its reply appears in the thread', async () => {
    await say('alerts channel here', 'Alert cards will be posted into IRM Alerts');
    const sent = web!.exchanges()[0];
    expect(sent.status).toBe(200);
    expect(sent.activity).toMatchObject({
      type: 'message',
      text: '<at>Insider Risk</at> alerts channel here',
      from: { id: admin.teamsId, aadObjectId: admin.aadObjectId, name: admin.name },
      channelData: { channel: { id: ALERTS_CHANNEL.id }, team: { id: TEAM_ID } },
      entities: [{ type: 'mention', mentioned: { id: sent.activity.recipient.id } }],
    });
    expect(sent.activity.conversation.id).toBe(`${ALERTS_CHANNEL.id};messageid=${sent.activity.id}`);

    await say(`roles add analysts ${grace.aadObjectId}`, 'Added');
    // Grace talks to the bot once, so her Teams id is known and listed in the cards' refresh.
    await signInAs(grace);
    await say('help', 'You hold role groups: analysts');
  });

  it('shows the alert card posted for an ingested departing-user scenario, readable and parsed without warnings', async () => {
    const users = scenarioUsers(1);
    await ingest(t!.app, '/api/signals/directory', directoryCsv(users), 'text/csv');
    await ingest(t!.app, '/api/signals?jobid=hr-1', resignationCsv(users, '2026-03-02', '2026-03-27'), 'text/csv');
    await ingest(t!.app, '/api/signals/audit', usbCopiesNdjson(users, '2026-03-05', 25), 'application/x-ndjson');
    const alerts = await t!.app.container.store.transaction((tx) => tx.documents(alertsCollection).count());
    expect(alerts).toBe(2);

    // Once the bot has posted (and updated) what it will, the page must show that state.
    await t!.teams.waitFor((c) => c.posts().filter((p) => p.route === 'createConversation').length === 2, UI_TIMEOUT_MS);
    await t!.app.dispatcher.drain();
    await t!.app.sender.idle();
    const posted = t!.teams.activities().find((a) => JSON.stringify(a.activity.attachments ?? []).includes('Data theft by departing users'));
    expect(posted).toBeDefined();
    const card = page.locator(`article[data-id="${posted!.id}"]`);
    // Grace is in the card's refresh list: Teams asks the bot for her view of it.
    await page.locator(`article[data-id="${posted!.id}"][data-version="${posted!.updates}"][data-view="refresh"]:not([aria-busy])`).waitFor({ timeout: UI_TIMEOUT_MS });
    const text = await card.innerText();
    expect(text).toMatch(/(High|Medium|Low) severity alert · Data theft by departing users/);
    expect(text).toMatch(/Anon-[0-9A-F]{10} · score \d+ of 100/);
    expect(text).not.toContain('user00001@contoso.com');
    for (const fact of ['Status', 'Policy', 'Triggering event', 'Activity', 'Alert']) expect(text).toContain(fact);
    for (const action of ['Confirm and create case', 'Dismiss', 'Details']) await card.getByRole('button', { name: action, exact: true }).waitFor();
    expect(await card.getAttribute('data-card-warnings')).toBe('0');
    expect(invokes(web!, 'alert.refresh')[0]?.activity.value).toMatchObject({ trigger: 'automatic' });
    await alertCards().nth(1).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await alertCards().count()).toBe(2);
  });

  it('Confirm in the card sends Action.Execute with the typed inputs, updates the card in place, and creates the case', async () => {
    const card = alertCards().filter({ hasText: 'Data theft by departing users' });
    const id = (await card.getAttribute('data-id')) ?? '';
    const cardsBefore = await alertCards().count();
    await card.getByRole('button', { name: 'Confirm and create case', exact: true }).click();
    await card.getByLabel('Case name').fill('Roadmap copied to USB');
    await card.getByLabel(/Comment/).fill('Resigned and copying files');
    await card.screenshot({ path: path.join(ARTIFACTS, 'teams-card-before.png') });

    await card.getByRole('button', { name: 'Confirm', exact: true }).click();
    const updated = page.locator(`article[data-id="${id}"]`);
    await updated.filter({ hasText: 'Confirmed by Grace Analyst' }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The bot also updates the channel message itself; the page shows that version in the same
    // place, refreshed for Grace (she is in the card's refresh list).
    await t!.app.dispatcher.drain();
    await t!.app.sender.idle();
    const version = t!.teams.activity(id)?.updates ?? 0;
    expect(version).toBeGreaterThan(0);
    await page.locator(`article[data-id="${id}"][data-version="${version}"][data-view="refresh"]:not([aria-busy])`, { hasText: 'Confirmed by Grace Analyst' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await alertCards().count()).toBe(cardsBefore);
    await updated.screenshot({ path: path.join(ARTIFACTS, 'teams-card.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'teams-channel.png') });
    expect(await updated.getByRole('button', { name: 'Confirm and create case' }).count()).toBe(0);

    const [confirm] = invokes(web!, 'alert.confirm');
    expect(confirm.activity).toMatchObject({ name: 'adaptiveCard/action', replyToId: id, from: { aadObjectId: grace.aadObjectId } });
    expect(confirm.activity.conversation.id).toBe(t!.teams.activity(id)?.conversationId);
    expect(confirm.activity.value).toEqual({
      action: { type: 'Action.Execute', verb: 'alert.confirm', data: { alertRef: expect.stringMatching(/^A-[0-9A-F]{12}$/), caseName: 'Roadmap copied to USB', comment: 'Resigned and copying files' } },
      trigger: 'manual',
    });
    expect(confirm.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });

    const cases = await t!.app.container.store.transaction((tx) => tx.documents(casesCollection).query({ where: { status: 'Active' } }));
    expect(cases.map((c) => c.value.name)).toEqual(['Roadmap copied to USB']);
    expect(cases[0].value.notes.map((n) => n.text)).toEqual(['Resigned and copying files']);
  });

  it('shows the refusal in place of the card when the bot refuses the action (someone outside the role groups)', async () => {
    await signInAs(mallory);
    const card = alertCards().filter({ hasNotText: 'Confirmed by' }).first();
    await card.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await card.getByRole('radio').first().check();
    await card.getByRole('button', { name: 'Dismiss alert', exact: true }).click();
    // Teams shows any error answer as a bare "something went wrong", so the bot answers a
    // refusal with a card that says why, for the clicking person only.
    const [denied] = invokes(web!, 'alert.dismiss');
    expect(denied.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    await page.getByText('Not allowed', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(JSON.stringify((denied.body as { value: unknown }).value)).toContain('Mallory Member may not use');
    const dismissed = await t!.app.container.store.transaction((tx) => tx.documents(alertsCollection).query({ where: { status: 'Dismissed' } }));
    expect(dismissed).toHaveLength(0);
  });
});
