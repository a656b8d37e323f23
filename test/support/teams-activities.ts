import { httpPost } from './http-post';

/**
 * Teams-shaped activities, as the Teams service posts them to a bot's /api/messages: channel
 * conversation ids `19:…@thread.tacv2` (with `;messageid=` inside a thread), user ids `29:…`,
 * the bot as `28:<app id>`, team/channel/tenant in channelData, mentions as entities.
 */
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT_ID = '28:5f3e2a1b-9c8d-4e7f-a6b5-0c1d2e3f4a5b';
export const TEAM_ID = '19:Kp3sWx2qQ0mB7yJ1nV4tR8zL6cF9hD5a@thread.tacv2';
export const ALERTS_CHANNEL = { id: '19:irm-alerts-0a1b2c3d4e5f@thread.tacv2', name: 'IRM Alerts' };
export const GENERAL_CHANNEL = { id: TEAM_ID, name: 'General' };

export interface TeamsPerson {
  readonly teamsId: string;
  readonly aadObjectId: string;
  readonly name: string;
}

export function person(n: number, name: string): TeamsPerson {
  const hex = n.toString(16).padStart(12, '0');
  return { teamsId: `29:1${hex}AbCdEfGhIjKlMnOp`, aadObjectId: `6f1a2b3c-4d5e-4f60-8a7b-${hex}`, name };
}

let counter = 1_700_000_000_000;
const nextId = (): string => String(counter++);

function base(serviceUrl: string, from: TeamsPerson, conversationId: string, channel: { id: string; name?: string } | undefined): Record<string, unknown> {
  return {
    id: nextId(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: from.teamsId, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: BOT_ID, name: 'Insider Risk' },
    conversation: channel === undefined ? { id: conversationId, conversationType: 'personal', tenantId: TENANT_ID } : { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    channelData: channel === undefined ? { tenant: { id: TENANT_ID } } : { team: { id: TEAM_ID, name: 'Security Operations' }, channel, tenant: { id: TENANT_ID } },
    locale: 'en-US',
  };
}

/** The conversation update Teams sends when the app is added to a team. */
export function botAddedToTeam(serviceUrl: string, by: TeamsPerson): Record<string, unknown> {
  return {
    ...base(serviceUrl, by, TEAM_ID, GENERAL_CHANNEL),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT_ID }],
    channelData: { eventType: 'teamMemberAdded', team: { id: TEAM_ID, name: 'Security Operations' }, tenant: { id: TENANT_ID } },
  };
}

/** A message @mentioning the bot in a channel (a new thread: the conversation id names the root). */
export function channelMessage(serviceUrl: string, from: TeamsPerson, text: string, channel = ALERTS_CHANNEL): Record<string, unknown> {
  const id = nextId();
  return {
    ...base(serviceUrl, from, `${channel.id};messageid=${id}`, channel),
    id,
    type: 'message',
    text: `<at>Insider Risk</at> ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', mentioned: { id: BOT_ID, name: 'Insider Risk' }, text: '<at>Insider Risk</at>' }],
  };
}

export function personalMessage(serviceUrl: string, from: TeamsPerson, text: string): Record<string, unknown> {
  return { ...base(serviceUrl, from, `a:1${from.aadObjectId.replace(/-/g, '')}`, undefined), type: 'message', text, textFormat: 'plain' };
}

/** An Action.Execute click (or automatic refresh) on a card posted in `conversationId`. */
export function cardAction(serviceUrl: string, from: TeamsPerson, conversationId: string, verb: string, data: Record<string, unknown>, trigger: 'manual' | 'automatic' = 'manual'): Record<string, unknown> {
  return {
    ...base(serviceUrl, from, conversationId, ALERTS_CHANNEL),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger },
  };
}

export async function postActivity(botUrl: string, activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const response = await httpPost(`${botUrl}/api/messages`, { 'content-type': 'application/json' }, JSON.stringify(activity));
  return { status: response.status, body: response.text === '' ? undefined : (JSON.parse(response.text) as unknown) };
}
