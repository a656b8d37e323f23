import { type Activity, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Caller } from '../../core/access/access-control';
import type { InstalledConversation } from '../../core/conversations/conversation';
import type { CommandPlace, TeamsLookup } from '../commands/chat-command';
import { ValidationError } from '../../core/errors';

/**
 * Reading Teams' activities: who is calling, where, and the Teams facts commands need. Teams
 * puts team and channel in `channelData`; the caller's Entra object id is `from.aadObjectId`.
 */
interface TeamsChannelData {
  readonly team?: { readonly id?: string; readonly name?: string };
  readonly channel?: { readonly id?: string; readonly name?: string };
  readonly tenant?: { readonly id?: string };
}

export function channelDataOf(activity: Activity): TeamsChannelData {
  const data: unknown = activity.channelData;
  if (typeof data !== 'object' || data === null) return {};
  return data;
}

export function callerOf(activity: Activity): Caller {
  return { id: (activity.from?.aadObjectId ?? '').toLowerCase(), ...(activity.from?.name === undefined ? {} : { name: activity.from.name }) };
}

export function placeOf(activity: Activity): CommandPlace {
  const data = channelDataOf(activity);
  const type = activity.conversation?.conversationType;
  const kind: CommandPlace['kind'] = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  const tenantId = data.tenant?.id ?? activity.conversation?.tenantId;
  return {
    kind,
    conversationId: activity.conversation.id,
    serviceUrl: activity.serviceUrl,
    ...(tenantId === undefined ? {} : { tenantId }),
    ...(data.team?.id === undefined ? {} : { teamId: data.team.id }),
    ...(data.team?.name === undefined ? {} : { teamName: data.team.name }),
    ...(data.channel?.id === undefined ? {} : { channelId: data.channel.id }),
    ...(data.channel?.name === undefined ? {} : { channelName: data.channel.name }),
  };
}

/** The conversation an activity came from, as the bot remembers it. */
export function conversationOf(activity: Activity, now: string): InstalledConversation {
  const place = placeOf(activity);
  return {
    conversationId: place.kind === 'channel' && place.channelId !== undefined ? place.channelId : activity.conversation.id,
    kind: place.kind,
    serviceUrl: place.serviceUrl,
    updatedAt: now,
    ...(place.tenantId === undefined ? {} : { tenantId: place.tenantId }),
    ...(place.teamId === undefined ? {} : { teamId: place.teamId }),
    ...(place.teamName === undefined ? {} : { teamName: place.teamName }),
    ...(place.channelName === undefined ? {} : { channelName: place.channelName }),
    ...(place.kind === 'personal' && activity.from?.aadObjectId !== undefined ? { userAadObjectId: activity.from.aadObjectId.toLowerCase() } : {}),
  };
}

export function teamsLookupFor(context: TurnContext): TeamsLookup {
  return {
    async teamChannels() {
      const channels = await TeamsInfo.getTeamChannels(context);
      // Teams answers the General channel without a name.
      return channels.map((c) => ({ id: c.id ?? '', name: c.name ?? 'General' })).filter((c) => c.id !== '');
    },
    async mentionedPeople() {
      const botId = context.activity.recipient?.id;
      const mentioned = (context.activity.entities ?? [])
        .filter((e) => e.type === 'mention')
        .map((e) => (e as { mentioned?: { id?: string; name?: string } }).mentioned)
        .filter((m): m is { id: string; name?: string } => m?.id !== undefined && m.id !== botId);
      const people: { aadObjectId: string; name: string; upn?: string }[] = [];
      for (const m of mentioned) {
        const member = await TeamsInfo.getMember(context, m.id);
        if (member.aadObjectId === undefined) continue;
        people.push({
          aadObjectId: member.aadObjectId.toLowerCase(),
          name: member.name ?? m.name ?? member.aadObjectId,
          ...(member.userPrincipalName === undefined ? {} : { upn: member.userPrincipalName.toLowerCase() }),
        });
      }
      return people;
    },
    attachedFiles: () => downloadAttachedFiles(context.activity),
  };
}

/** Flow definitions and policy files are small; a bound keeps a stray upload from filling memory. */
export const MAX_ATTACHED_FILE_BYTES = 2 * 1024 * 1024;
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/**
 * Teams gives a bot a file sent in a personal chat as an attachment of type
 * `file.download.info` whose `downloadUrl` is pre-authorized for a short while (no token needed).
 * Only https is fetched (http only on the loopback interface, for local runs and tests).
 */
async function downloadAttachedFiles(activity: Activity): Promise<{ name: string; text: string }[]> {
  const files: { name: string; text: string }[] = [];
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== FILE_DOWNLOAD_INFO) continue;
    const content = attachment.content as { downloadUrl?: unknown } | undefined;
    const name = attachment.name ?? 'attachment';
    const url = typeof content?.downloadUrl === 'string' && URL.canParse(content.downloadUrl) ? new URL(content.downloadUrl) : undefined;
    const loopback = url !== undefined && url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
    if (url === undefined || (url.protocol !== 'https:' && !loopback)) throw new ValidationError(`${name}: Teams sent no https download URL for the file`, [{ file: name, reason: 'expected an https downloadUrl' }]);
    const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(30_000) }).catch((error: unknown) => {
      throw new ValidationError(`${name}: the file could not be downloaded from Teams (${error instanceof Error ? error.message : String(error)}); send it again`, [{ file: name, reason: 'download failed' }]);
    });
    if (!response.ok) throw new ValidationError(`${name}: Teams answered ${response.status} to the file download; send it again`, [{ file: name, reason: `download answered ${response.status}` }]);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_ATTACHED_FILE_BYTES) throw new ValidationError(`${name}: ${bytes.length} bytes, expected at most ${MAX_ATTACHED_FILE_BYTES}`, [{ file: name, reason: 'file too large' }]);
    files.push({ name, text: bytes.toString('utf8') });
  }
  return files;
}
