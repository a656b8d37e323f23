import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { FakeActivityState, FakeTeamsConnector } from '../fake-teams-connector';
import { httpPost } from '../http-post';
import { BOT_ID, TEAM_ID, TENANT_ID, type TeamsPerson } from '../teams-activities';

/**
 * A small Teams-like web client for browser tests: a channel view that renders the bot's
 * messages and Adaptive Cards with the official `adaptivecards` renderer, a compose box, and
 * Universal Actions (Action.Execute → `invoke` `adaptiveCard/action`, the card replaced by the
 * invoke response) — the part of Teams that Web Chat does not do.
 *
 * What the page shows comes from two places: the messages the page itself sent (recorded here
 * when forwarded, as Teams shows your own post at once) and every activity the bot posted to the
 * fake Teams connector, in its current state after updates. The page polls `GET /activities`.
 *
 * The page and the bot are on different ports; rather than opening CORS on the product, the page
 * posts to this server's `/api/messages`, which forwards to the bot's and answers with the bot's
 * status and body. Every forwarded activity and its answer is kept for tests (`exchanges()`).
 */
export interface TeamsWebOptions {
  /** The bot's base URL (`RunningApp.url`); `/api/messages` is appended. */
  readonly botUrl: string;
  readonly teams: FakeTeamsConnector;
  /** Who can sign in to the page (a picker in its header); the first is signed in at start. */
  readonly people: readonly TeamsPerson[];
  /** The team's channels, in the order of the channel list. */
  readonly channels: readonly { readonly id: string; readonly name: string }[];
  /** The channel shown at start; default the first. */
  readonly initialChannelId?: string;
  readonly team?: { readonly id: string; readonly name: string };
  readonly bot?: { readonly id: string; readonly name: string };
}

/** One activity the page sent to the bot, and what the bot answered. */
export interface TeamsWebExchange {
  /** Arrival time at this server (ms since the epoch). */
  readonly at: number;
  readonly activity: SentActivity;
  readonly status: number;
  /** The bot's response body, parsed; undefined when empty (messages get an empty 200). */
  readonly body: unknown;
}

export interface TeamsWeb {
  /** The page: `http://127.0.0.1:PORT/`. */
  readonly url: string;
  exchanges(): readonly TeamsWebExchange[];
  close(): Promise<void>;
}

/** One message as the page shows it (`GET /activities`). */
export interface WebMessage {
  readonly id: string;
  /** The id of the thread's root post: `;messageid=` of the conversation id, or the message's own id. */
  readonly rootId: string;
  /** The channel (conversation id without `;messageid=`). */
  readonly channelId: string;
  /** Where a card action on this message is sent from: the message's conversation. */
  readonly conversationId: string;
  /** Arrival time (ms since the epoch), for ordering. */
  readonly at: number;
  readonly from: { readonly name: string; readonly isBot: boolean };
  readonly text: string;
  /** The Adaptive Cards among the attachments (their `content`). */
  readonly cards: readonly unknown[];
  /** How many times the bot updated it (0 for a post). */
  readonly version: number;
  readonly deleted: boolean;
}

/** What the page must send: Teams-shaped enough that a malformed page fails here, not in the bot. */
const SentActivitySchema = z.looseObject({
  type: z.enum(['message', 'invoke']),
  id: z.string().min(1),
  name: z.string().optional(),
  channelId: z.literal('msteams'),
  serviceUrl: z.url(),
  conversation: z.looseObject({ id: z.string().regex(/^19:.+@thread\.tacv2/, 'a channel conversation id 19:…@thread.tacv2') }),
  from: z.looseObject({ id: z.string().regex(/^29:/, "a Teams user id '29:…'"), name: z.string().min(1), aadObjectId: z.guid() }),
  recipient: z.looseObject({ id: z.string().regex(/^28:/, "the bot's id '28:…'") }),
  text: z.string().optional(),
});
export type SentActivity = z.infer<typeof SentActivitySchema>;

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_ID = /;messageid=(\d+)$/;

/** The files the page is made of, served by name only (no path from the request reaches the disk). */
const STATIC_FILES: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: path.join(__dirname, 'index.html'), type: 'text/html; charset=utf-8' },
  '/teams-web.mjs': { file: path.join(__dirname, 'teams-web.mjs'), type: 'text/javascript; charset=utf-8' },
  '/teams-host-config.mjs': { file: path.join(__dirname, 'teams-host-config.mjs'), type: 'text/javascript; charset=utf-8' },
  '/teams-web.css': { file: path.join(__dirname, 'teams-web.css'), type: 'text/css; charset=utf-8' },
  // The official renderer and its stylesheet, straight from the installed package.
  '/adaptivecards.min.js': { file: require.resolve('adaptivecards/dist/adaptivecards.min.js'), type: 'text/javascript; charset=utf-8' },
  '/adaptivecards.css': { file: require.resolve('adaptivecards/dist/adaptivecards.css'), type: 'text/css; charset=utf-8' },
};

function rootOf(conversationId: string, ownId: string): string {
  return MESSAGE_ID.exec(conversationId)?.[1] ?? ownId;
}

function channelOf(conversationId: string): string {
  const i = conversationId.indexOf(';messageid=');
  return i === -1 ? conversationId : conversationId.slice(0, i);
}

function cardsOf(attachments: unknown): unknown[] {
  if (!Array.isArray(attachments)) return [];
  return attachments
    .filter((a): a is { contentType: string; content: unknown } => typeof a === 'object' && a !== null && (a as { contentType?: unknown }).contentType === ADAPTIVE_CARD)
    .map((a) => a.content);
}

function fromBot(state: FakeActivityState, at: number, botName: string): WebMessage {
  const activity = state.activity;
  return {
    id: state.id,
    rootId: rootOf(state.conversationId, state.id),
    channelId: state.threadKey,
    conversationId: state.conversationId,
    at,
    from: { name: activity.from?.name ?? botName, isBot: true },
    text: typeof activity.text === 'string' ? activity.text : '',
    cards: cardsOf(activity.attachments),
    version: state.updates,
    deleted: state.deleted,
  };
}

function fromUser(exchange: { at: number; activity: SentActivity }): WebMessage {
  const { activity } = exchange;
  return {
    id: activity.id,
    rootId: rootOf(activity.conversation.id, activity.id),
    channelId: channelOf(activity.conversation.id),
    conversationId: activity.conversation.id,
    at: exchange.at,
    from: { name: activity.from.name, isBot: false },
    text: activity.text ?? '',
    cards: [],
    version: 0,
    deleted: false,
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'cache-control': 'no-store', ...(text === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }) });
  res.end(text);
}

/** Starts the page's server on 127.0.0.1 at a free port; resolves once it listens. */
export async function startTeamsWeb(options: TeamsWebOptions): Promise<TeamsWeb> {
  if (options.people.length === 0) throw new Error('teams-web: at least one person must be able to sign in');
  const team = options.team ?? { id: TEAM_ID, name: 'Security Operations' };
  const bot = options.bot ?? { id: BOT_ID, name: 'Insider Risk' };
  const exchanges: TeamsWebExchange[] = [];
  /** Messages the page posted, kept from arrival (before the bot answers), as Teams shows them. */
  const posted: { at: number; activity: SentActivity }[] = [];

  const pageConfig = {
    tenantId: TENANT_ID,
    team,
    bot,
    serviceUrl: options.teams.url,
    channels: options.channels,
    initialChannelId: options.initialChannelId ?? options.channels[0]?.id,
    people: options.people,
  };

  const messages = (): WebMessage[] => {
    // The connector's activity states carry no time; its request log does.
    const postedAt = new Map<string, number>();
    for (const p of options.teams.posts()) if (p.activityId !== undefined) postedAt.set(p.activityId, p.at);
    const fromConnector = options.teams.activities().map((s) => fromBot(s, postedAt.get(s.id) ?? 0, bot.name));
    return [...posted.map(fromUser), ...fromConnector].sort((a, b) => a.at - b.at);
  };

  const forward = async (raw: string, res: http.ServerResponse): Promise<void> => {
    let json: unknown;
    try {
      json = JSON.parse(raw) as unknown;
    } catch {
      send(res, 400, { error: 'the body is not JSON' });
      return;
    }
    const parsed = SentActivitySchema.safeParse(json);
    if (!parsed.success) {
      send(res, 400, { error: `not a Teams-shaped activity: ${z.prettifyError(parsed.error)}` });
      return;
    }
    const at = Date.now();
    if (parsed.data.type === 'message') posted.push({ at, activity: parsed.data });
    // A fresh connection per request (see http-post.ts): the bot runs in this process too.
    const response = await httpPost(`${options.botUrl}/api/messages`, { 'content-type': 'application/json' }, raw);
    let body: unknown;
    try {
      body = response.text === '' ? undefined : (JSON.parse(response.text) as unknown);
    } catch {
      body = response.text;
    }
    exchanges.push({ at, activity: parsed.data, status: response.status, body });
    send(res, response.status, body);
  };

  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const fail = (error: unknown): void => {
        if (!res.headersSent) send(res, 502, { error: `teams-web: ${error instanceof Error ? error.message : String(error)}` });
        else res.end();
      };
      if (req.method === 'POST' && pathname === '/api/messages') {
        forward(Buffer.concat(chunks).toString('utf8'), res).catch(fail);
        return;
      }
      if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
      if (pathname === '/favicon.ico') return send(res, 204, undefined);
      if (pathname === '/config') return send(res, 200, pageConfig);
      if (pathname === '/activities') return send(res, 200, { messages: messages() });
      const file = STATIC_FILES[pathname];
      if (file === undefined) return send(res, 404, { error: `no ${pathname} here` });
      fs.readFile(file.file, (error, content) => {
        if (error) return fail(error);
        res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
        res.end(content);
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    exchanges: () => [...exchanges],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
