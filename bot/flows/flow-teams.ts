import { conversationsCollection } from '../../core/conversations/conversation';
import { listChannels } from '../../core/conversations/conversation.repository';
import { NotFoundError } from '../../core/errors';
import { SYSTEM_PARTITION } from '../../core/persistence/collections';
import type { Directory } from '../../core/ports/directory';
import type { Messenger } from '../../core/ports/messenger';
import type { Store } from '../../core/ports/store';
import type { FlowTeams } from '../../flows/connectors/teams/flow-teams.port';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Flows post into Teams as our bot, through the same rate-limited Messenger as alert cards.
 * A person is reached in their personal chat with the app, which exists once they installed it
 * (Teams lets a bot start a 1:1 chat only then); a UPN is mapped to the Entra object id through
 * the stored directory first, then the live one. A channel is found by its `19:…` id among the
 * channels the bot is installed in (the team id is not needed: a channel id is unique).
 */
export function createFlowTeams(deps: { readonly store: Store; readonly messenger: Messenger; readonly directory?: Directory }): FlowTeams {
  async function objectIdOf(upnOrId: string): Promise<string> {
    const key = upnOrId.trim().toLowerCase();
    if (GUID.test(key)) return key;
    const stored = await deps.store.transaction((tx) => tx.users.get(key));
    if (stored?.value.objectId !== undefined) return stored.value.objectId.toLowerCase();
    const live = await deps.directory?.getUser(key);
    if (live?.objectId !== undefined) return live.objectId.toLowerCase();
    throw new NotFoundError(`no Entra object id is known for ${key}: the user is not in the directory${deps.directory === undefined ? ' (Graph is not configured)' : ''}`);
  }

  return {
    async post(recipient, message) {
      if (recipient.kind === 'user') {
        const objectId = await objectIdOf(recipient.upnOrId);
        const chats = await deps.store.transaction((tx) => tx.documents(conversationsCollection).query({ partition: SYSTEM_PARTITION, where: { kind: 'personal', userAadObjectId: objectId }, limit: 10 }));
        const chat = chats.map((d) => d.value).find((c) => c.removedAt === undefined);
        if (chat === undefined) throw new NotFoundError(`${recipient.upnOrId} has no chat with the app: they must install it in Teams before a flow can message them`);
        return deps.messenger.sendToConversation({ serviceUrl: chat.serviceUrl, conversationId: chat.conversationId, ...(chat.tenantId === undefined ? {} : { tenantId: chat.tenantId }) }, message);
      }
      const channels = await deps.store.transaction((tx) => listChannels(tx));
      const channel = channels.find((c) => c.conversationId.toLowerCase() === recipient.channelId.trim().toLowerCase());
      if (channel === undefined) throw new NotFoundError(`the app is not installed in a channel ${recipient.channelId} (known channels: ${channels.map((c) => c.channelName ?? c.conversationId).join(', ') || 'none'})`);
      return deps.messenger.postToChannel({ serviceUrl: channel.serviceUrl, channelId: channel.conversationId, ...(channel.teamId === undefined ? {} : { teamId: channel.teamId }), ...(channel.tenantId === undefined ? {} : { tenantId: channel.tenantId }) }, message);
    },
    update: (message, content) => deps.messenger.updateMessage(message, content),
  };
}
