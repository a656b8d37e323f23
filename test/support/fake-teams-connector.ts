import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, ChannelInfo, TeamsChannelAccount } from 'botbuilder';
import { z } from 'zod';
import { TEAMS_APP_LIMITS, TEAMS_THREAD_LIMITS, TEAMS_THREAD_READ_LIMITS, scaleLimits } from '../../infra/teams/rate-limits';
import type { WindowLimits } from '../../infra/teams/sliding-window-limiter';
import { threadKeyOf } from '../../infra/teams/throttled-sender';

/**
 * A recording fake of the Bot Framework connector REST API as Teams serves it, on 127.0.0.1 at a
 * free port. Point a bot's `serviceUrl` at `connector.url` (with auth disabled, CloudAdapter
 * sends no token, so none is checked).
 *
 * It answers the calls our bot makes, keeps the current state of every posted activity, records
 * every request, and **enforces Teams' rate limits**: a request that arrives while its thread or
 * the app is over a window is answered 429 with Retry-After and counted in `violations()`.
 *
 * Time scaling: with `scale: 1000`, every window is 1000× shorter (an hour of limits in 3.6 s)
 * and every Retry-After it sends is too, so it sends fractional seconds ("0.001"); unscaled it
 * sends whole seconds, as Teams does. Retry-After headers given to `failNext` are in Teams'
 * seconds and scaled the same way, so tests can say what Teams would say.
 *
 * Simplifications: only requests that are served (not 429-rejected) count against the windows;
 * the "all bots in a thread" limits are not modelled (one bot); members and channels are the same
 * for every conversation and team.
 */

export type FakeRoute =
  | 'createConversation'
  | 'sendActivity'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getMembers'
  | 'getMember'
  | 'getPagedMembers'
  | 'getChannels'
  | 'unknown';

export interface RecordedRequest {
  /** Arrival order, from 1. */
  readonly seq: number;
  /** Arrival time on the fake's clock (ms). */
  readonly at: number;
  readonly method: string;
  /** The raw path as sent (ids URL-encoded). */
  readonly path: string;
  readonly route: FakeRoute;
  /** Decoded. For a created conversation: the new id (`<channel>;messageid=<id>`). */
  readonly conversationId?: string;
  /** Decoded. For a post: the new activity's id. */
  readonly activityId?: string;
  readonly replyToId?: string;
  readonly teamId?: string;
  readonly memberId?: string;
  /** The thread the request counted against (same rule as the sender's `threadKeyOf`). */
  readonly threadKey?: string;
  readonly body?: unknown;
  /** Status answered; 0 when the socket was reset instead. */
  readonly status: number;
  /** Headers the fake set beyond content-type (Retry-After on a 429). */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** Why it failed, when it was not the route's own answer. */
  readonly fault?: 'throttled' | 'injected';
}

/** The current state of one posted activity. */
export interface FakeActivityState {
  readonly id: string;
  readonly conversationId: string;
  readonly threadKey: string;
  /** What is shown now: the last update, or the post. */
  readonly activity: Partial<Activity>;
  /** The post followed by every update, in order. */
  readonly history: readonly Partial<Activity>[];
  readonly updates: number;
  readonly deleted: boolean;
}

export type FakeMember = TeamsChannelAccount & { readonly aadObjectId: string };

export interface FakeTeamsConnectorOptions {
  /** Divides every window and Retry-After by this factor. Default 1 (real Teams time). */
  readonly scale?: number;
  /** Per-thread send/create windows, in Teams time. Default TEAMS_THREAD_LIMITS. */
  readonly threadLimits?: WindowLimits;
  /** Per-thread read windows (members, channels), in Teams time. Default TEAMS_THREAD_READ_LIMITS. */
  readonly readLimits?: WindowLimits;
  /** App-wide windows, in Teams time. Default TEAMS_APP_LIMITS. */
  readonly appLimits?: WindowLimits;
  /** Set false to serve everything (no 429s from limits). Default true. */
  readonly enforceLimits?: boolean;
  /** Real milliseconds to wait before answering each request. Default 0. */
  readonly latencyMs?: number;
  readonly members?: readonly FakeMember[];
  /** Answered by `GET /v3/teams/:teamId/conversations` for any team. */
  readonly channels?: readonly ChannelInfo[];
  /** Default Date.now; must be the clock the sender under test uses, for comparable times. */
  readonly now?: () => number;
}

export interface FakeTeamsConnector {
  /** The serviceUrl, with a trailing slash (`http://127.0.0.1:PORT/`). */
  readonly url: string;
  /** Every request so far, in arrival order. */
  requests(): readonly RecordedRequest[];
  /** Served posts that created an activity (new thread with an activity, send, reply), in order. */
  posts(): readonly RecordedRequest[];
  /** Served updates, in order. */
  updates(): readonly RecordedRequest[];
  activity(id: string): FakeActivityState | undefined;
  activities(): readonly FakeActivityState[];
  /** Requests that arrived while their thread or the app was over a limit (each answered 429). */
  violations(): number;
  /**
   * The next `count` requests (any route, after the limit check) fail: with `status` and the
   * given headers (a numeric Retry-After is in Teams seconds and gets scaled), or, for `'reset'`,
   * by destroying the socket without an answer.
   */
  failNext(count: number, status: number | 'reset', headers?: Readonly<Record<string, string>>): void;
  /** Polls `predicate` every few ms until it is true; rejects after `timeoutMs`. */
  waitFor(predicate: (connector: FakeTeamsConnector) => boolean, timeoutMs?: number): Promise<void>;
  /**
   * Waits until `measure` reaches `target`, failing only when it stops growing for `stallMs`: a
   * long burst on a loaded machine is slow but not wrong; a stuck one fails fast, saying where it stopped.
   */
  waitForProgress(measure: (connector: FakeTeamsConnector) => number, target: number, stallMs?: number): Promise<void>;
  close(): Promise<void>;
}

const ActivityBodySchema = z.looseObject({ type: z.string().min(1) });

const ConversationParametersSchema = z.looseObject({
  isGroup: z.boolean().optional(),
  tenantId: z.string().optional(),
  members: z.array(z.looseObject({ id: z.string().min(1) })).optional(),
  channelData: z.looseObject({ channel: z.looseObject({ id: z.string().min(1) }).optional() }).optional(),
  activity: ActivityBodySchema.optional(),
});

interface Fault {
  readonly status: number | 'reset';
  readonly headers: Readonly<Record<string, string>>;
}

interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Route {
  readonly route: FakeRoute;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly teamId?: string;
  readonly memberId?: string;
  /** Which per-thread bucket the request counts against, if any. */
  readonly bucket?: 'send' | 'read';
}

interface MutableActivity {
  id: string;
  conversationId: string;
  threadKey: string;
  history: Partial<Activity>[];
  deleted: boolean;
}

/** Teams message ids are epoch-millisecond strings; these count up from a fixed instant. */
const FIRST_ACTIVITY_ID = 1_767_225_600_000;

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Maps method + path to a route, decoding the ids in it. */
function routeOf(method: string, pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p.length > 0);
  if (parts[0] !== 'v3') return { route: 'unknown' };
  if (parts[1] === 'teams' && parts.length === 4 && parts[3] === 'conversations' && method === 'GET') {
    return { route: 'getChannels', teamId: decode(parts[2])!, bucket: 'read' };
  }
  if (parts[1] !== 'conversations') return { route: 'unknown' };
  if (parts.length === 2) return method === 'POST' ? { route: 'createConversation', bucket: 'send' } : { route: 'unknown' };
  const conversationId = decode(parts[2])!;
  const tail = parts.slice(3);
  if (tail[0] === 'activities' && tail.length <= 2) {
    const activityId = decode(tail[1]);
    if (method === 'POST') {
      return activityId === undefined
        ? { route: 'sendActivity', conversationId, bucket: 'send' }
        : { route: 'replyToActivity', conversationId, activityId, bucket: 'send' };
    }
    if (activityId !== undefined && method === 'PUT') return { route: 'updateActivity', conversationId, activityId, bucket: 'send' };
    if (activityId !== undefined && method === 'DELETE') return { route: 'deleteActivity', conversationId, activityId, bucket: 'send' };
  }
  if (method === 'GET' && tail[0] === 'members' && tail.length === 1) return { route: 'getMembers', conversationId, bucket: 'read' };
  if (method === 'GET' && tail[0] === 'members' && tail.length === 2) {
    return { route: 'getMember', conversationId, memberId: decode(tail[1])!, bucket: 'read' };
  }
  if (method === 'GET' && tail[0] === 'pagedmembers' && tail.length === 1) return { route: 'getPagedMembers', conversationId, bucket: 'read' };
  return { route: 'unknown', conversationId };
}

/**
 * A member as Teams sends it: the list endpoint carries the Entra object id as `objectId`, and
 * TeamsInfo.getMembers copies `objectId` over `aadObjectId` (erasing it when absent), so both are sent.
 */
function onTheWire(member: FakeMember): FakeMember & { readonly objectId: string } {
  return { ...member, objectId: member.aadObjectId };
}

function errorBody(code: string, message: string): unknown {
  return { error: { code, message } };
}

/** Served-request times per bucket, and the window check Teams would apply on arrival. */
class WindowBook {
  private readonly stamps = new Map<string, number[]>();

  /** How long until a request at `t` fits every window of `limits` in `bucket`; 0 when it fits now. */
  waitMs(bucket: string, limits: WindowLimits, t: number): number {
    const times = this.stamps.get(bucket) ?? [];
    let wait = 0;
    for (const { limit, windowMs } of limits) {
      const inWindow = times.filter((s) => s > t - windowMs);
      if (inWindow.length >= limit) {
        // The request fits once the limit-th most recent served request has left the window.
        const blocking = inWindow[inWindow.length - limit];
        wait = Math.max(wait, blocking + windowMs - t);
      }
    }
    return wait;
  }

  add(bucket: string, t: number, horizon: number): void {
    const times = this.stamps.get(bucket) ?? [];
    times.push(t);
    while (times.length > 0 && times[0] + horizon <= t) times.shift();
    this.stamps.set(bucket, times);
  }
}

function longest(...sets: WindowLimits[]): number {
  return Math.max(...sets.flatMap((set) => set.map((w) => w.windowMs)));
}

/** Starts the fake connector; resolves once it listens. */
export async function startFakeTeamsConnector(options: FakeTeamsConnectorOptions = {}): Promise<FakeTeamsConnector> {
  const scale = options.scale ?? 1;
  const threadLimits = scaleLimits(options.threadLimits ?? TEAMS_THREAD_LIMITS, scale);
  const readLimits = scaleLimits(options.readLimits ?? TEAMS_THREAD_READ_LIMITS, scale);
  const appLimits = scaleLimits(options.appLimits ?? TEAMS_APP_LIMITS, scale);
  const horizon = longest(threadLimits, readLimits, appLimits);
  const enforce = options.enforceLimits ?? true;
  const latencyMs = options.latencyMs ?? 0;
  const members = [...(options.members ?? [])];
  const channels = [...(options.channels ?? [])];
  const now = options.now ?? Date.now;

  const recorded: RecordedRequest[] = [];
  const activities = new Map<string, MutableActivity>();
  const faults: Fault[] = [];
  const book = new WindowBook();
  let violations = 0;
  let nextActivity = FIRST_ACTIVITY_ID;

  /** Teams time → fake time, for Retry-After; unscaled values stay whole seconds. */
  const retryAfterHeader = (waitMs: number): string => String(Math.max(1, Math.ceil((waitMs * scale) / 1000)) / scale);

  function newActivityId(): string {
    return String(nextActivity++);
  }

  function storeActivity(id: string, conversationId: string, activity: Partial<Activity>): void {
    activities.set(id, { id, conversationId, threadKey: threadKeyOf(conversationId), history: [{ ...activity, id }], deleted: false });
  }

  function serve(route: Route, body: unknown): { answer: Answer; conversationId?: string; activityId?: string; replyToId?: string } {
    switch (route.route) {
      case 'createConversation': {
        const parsed = ConversationParametersSchema.safeParse(body);
        if (!parsed.success) return { answer: { status: 400, body: errorBody('BadArgument', z.prettifyError(parsed.error)) } };
        const parameters = parsed.data;
        const channelId = parameters.channelData?.channel?.id;
        if (channelId !== undefined && parameters.activity === undefined) {
          return { answer: { status: 400, body: errorBody('BadArgument', 'a new channel thread needs an activity') } };
        }
        const activity = parameters.activity;
        const activityId = activity === undefined ? undefined : newActivityId();
        const conversationId = channelId !== undefined ? `${channelId};messageid=${activityId!}` : `a:fake-${nextActivity++}`;
        if (activity !== undefined && activityId !== undefined) storeActivity(activityId, conversationId, activity);
        return {
          answer: { status: 201, body: { id: conversationId, ...(activityId !== undefined && { activityId }) } },
          conversationId,
          ...(activityId !== undefined && { activityId }),
        };
      }
      case 'sendActivity':
      case 'replyToActivity': {
        const parsed = ActivityBodySchema.safeParse(body);
        if (!parsed.success) return { answer: { status: 400, body: errorBody('BadArgument', z.prettifyError(parsed.error)) } };
        const activityId = newActivityId();
        storeActivity(activityId, route.conversationId!, parsed.data);
        return {
          answer: { status: 200, body: { id: activityId } },
          activityId,
          ...(route.activityId !== undefined && { replyToId: route.activityId }),
        };
      }
      case 'updateActivity':
      case 'deleteActivity': {
        const existing = activities.get(route.activityId!);
        if (!existing || existing.deleted || existing.threadKey !== threadKeyOf(route.conversationId!)) {
          return { answer: { status: 404, body: errorBody('NotFound', 'activity not found in this conversation') } };
        }
        if (route.route === 'deleteActivity') {
          existing.deleted = true;
          return { answer: { status: 200 } };
        }
        const parsed = ActivityBodySchema.safeParse(body);
        if (!parsed.success) return { answer: { status: 400, body: errorBody('BadArgument', z.prettifyError(parsed.error)) } };
        existing.history.push({ ...(parsed.data as Partial<Activity>), id: existing.id });
        return { answer: { status: 200, body: { id: existing.id } } };
      }
      case 'getMembers':
        return { answer: { status: 200, body: members.map(onTheWire) } };
      case 'getPagedMembers':
        return { answer: { status: 200, body: { members: members.map(onTheWire) } } };
      case 'getMember': {
        const member = members.find((m) => m.id === route.memberId || m.aadObjectId === route.memberId);
        return member
          ? { answer: { status: 200, body: onTheWire(member) } }
          : { answer: { status: 404, body: errorBody('MemberNotFoundInConversation', 'member not found') } };
      }
      case 'getChannels':
        return { answer: { status: 200, body: { conversations: channels } } };
      case 'unknown':
        return { answer: { status: 404, body: errorBody('NotFound', 'no such route in the fake connector') } };
    }
  }

  function threadOf(route: Route, body: unknown): string | undefined {
    if (route.route === 'getChannels') return route.teamId;
    if (route.conversationId !== undefined) return threadKeyOf(route.conversationId);
    if (route.route === 'createConversation') {
      const parsed = ConversationParametersSchema.safeParse(body);
      // A new channel thread counts against the channel; other creations share one bucket.
      return parsed.success ? (parsed.data.channelData?.channel?.id ?? 'conversations') : 'conversations';
    }
    return undefined;
  }

  function handle(method: string, path: string, pathname: string, raw: string): { record: RecordedRequest; answer: Answer | 'reset' } {
    const at = now();
    const seq = recorded.length + 1;
    const route = routeOf(method, pathname);
    let body: unknown;
    let badJson = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        badJson = true;
        body = raw;
      }
    }
    const threadKey = threadOf(route, body);
    const base = {
      seq,
      at,
      method,
      path,
      route: route.route,
      ...(route.conversationId !== undefined && { conversationId: route.conversationId }),
      ...(route.activityId !== undefined && { activityId: route.activityId }),
      ...(route.teamId !== undefined && { teamId: route.teamId }),
      ...(route.memberId !== undefined && { memberId: route.memberId }),
      ...(threadKey !== undefined && { threadKey }),
      ...(body !== undefined && { body }),
    };

    if (route.bucket !== undefined && threadKey !== undefined) {
      const bucket = `${route.bucket}:${threadKey}`;
      const limits = route.bucket === 'send' ? threadLimits : readLimits;
      const waitMs = enforce ? Math.max(book.waitMs(bucket, limits, at), book.waitMs('app', appLimits, at)) : 0;
      if (waitMs > 0) {
        violations++;
        const headers = { 'Retry-After': retryAfterHeader(waitMs) };
        const answer = { status: 429, headers, body: errorBody('Throttled', 'too many requests for this thread or app') };
        return { record: { ...base, status: 429, responseHeaders: headers, fault: 'throttled' }, answer };
      }
      book.add(bucket, at, horizon);
      book.add('app', at, horizon);
    }

    const fault = faults.shift();
    if (fault) {
      if (fault.status === 'reset') return { record: { ...base, status: 0, fault: 'injected' }, answer: 'reset' };
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(fault.headers)) {
        const seconds = Number(value);
        headers[name] = name.toLowerCase() === 'retry-after' && /^\d+(\.\d+)?$/.test(value) ? String(seconds / scale) : value;
      }
      const answer = { status: fault.status, headers, body: errorBody(`Injected${fault.status}`, 'injected failure') };
      return { record: { ...base, status: fault.status, responseHeaders: headers, fault: 'injected' }, answer };
    }

    if (badJson) {
      const answer = { status: 400, body: errorBody('BadArgument', 'the body is not JSON') };
      return { record: { ...base, status: 400 }, answer };
    }
    const served = serve(route, body);
    const record: RecordedRequest = {
      ...base,
      ...(served.conversationId !== undefined && { conversationId: served.conversationId }),
      ...(served.activityId !== undefined && { activityId: served.activityId }),
      ...(served.replyToId !== undefined && { replyToId: served.replyToId }),
      status: served.answer.status,
    };
    return { record, answer: served.answer };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const pathname = path.split('?')[0];
      const { record, answer } = handle(req.method ?? 'GET', path, pathname, Buffer.concat(chunks).toString('utf8'));
      recorded.push(record);
      const respond = (): void => {
        if (answer === 'reset') {
          req.socket.destroy();
          return;
        }
        const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
        res.writeHead(answer.status, { ...(text.length > 0 && { 'content-type': 'application/json; charset=utf-8' }), ...answer.headers });
        res.end(text);
      };
      if (latencyMs > 0) setTimeout(respond, latencyMs);
      else respond();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const served = (r: RecordedRequest): boolean => r.status >= 200 && r.status < 300;
  const snapshot = (a: MutableActivity): FakeActivityState => ({
    id: a.id,
    conversationId: a.conversationId,
    threadKey: a.threadKey,
    activity: a.history[a.history.length - 1],
    history: [...a.history],
    updates: a.history.length - 1,
    deleted: a.deleted,
  });

  const connector: FakeTeamsConnector = {
    url: `http://127.0.0.1:${port}/`,
    requests: () => [...recorded],
    posts: () =>
      recorded.filter(
        (r) =>
          served(r) &&
          r.activityId !== undefined &&
          (r.route === 'sendActivity' || r.route === 'replyToActivity' || r.route === 'createConversation'),
      ),
    updates: () => recorded.filter((r) => served(r) && r.route === 'updateActivity'),
    activity: (id) => {
      const found = activities.get(id);
      return found ? snapshot(found) : undefined;
    },
    activities: () => [...activities.values()].map(snapshot),
    violations: () => violations,
    failNext(count, status, headers = {}) {
      for (let i = 0; i < count; i++) faults.push({ status, headers });
    },
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(connector)) {
        if (Date.now() > deadline) throw new Error(`fake Teams connector: condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async waitForProgress(measure, target, stallMs = 20_000) {
      let best = measure(connector);
      let lastGrowth = Date.now();
      while (best < target) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const current = measure(connector);
        if (current > best) {
          best = current;
          lastGrowth = Date.now();
        } else if (Date.now() - lastGrowth > stallMs) {
          throw new Error(`fake Teams connector: stuck at ${best} of ${target} for ${stallMs} ms`);
        }
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return connector;
}
