import { type Activity, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Caller } from '../../core/access/access-control';
import type { InstalledConversation } from '../../core/conversations/conversation';
import type { CommandPlace, TeamsLookup } from '../commands/chat-command';

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
  };
}
