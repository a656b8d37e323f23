import { z } from 'zod';
import type { CollectionDefinition } from '../ports/document-collection';

/**
 * Where the bot is installed: every team channel, group chat and personal chat it has seen, kept
 * from installation and conversation-update events so alerts can be posted proactively and
 * channels picked by name. Partition `system`, id = conversation id.
 */
export const InstalledConversationSchema = z.object({
  conversationId: z.string(),
  kind: z.enum(['channel', 'groupChat', 'personal']),
  serviceUrl: z.string(),
  tenantId: z.string().optional(),
  teamId: z.string().optional(),
  teamName: z.string().optional(),
  channelName: z.string().optional(),
  /** For personal chats: whose chat it is. */
  userAadObjectId: z.string().optional(),
  updatedAt: z.string(),
  /** Set when the app was uninstalled or the channel deleted; kept for the record. */
  removedAt: z.string().optional(),
});
export type InstalledConversation = z.infer<typeof InstalledConversationSchema>;
export const conversationsCollection: CollectionDefinition<InstalledConversation> = {
  name: 'conversations',
  schema: InstalledConversationSchema,
  indexed: ['kind', 'teamId', 'userAadObjectId'],
};

/** The channel alerts are posted into; one document, id `alerts-channel`, partition `system`. */
export const AlertsChannelSchema = z.object({
  serviceUrl: z.string(),
  tenantId: z.string().optional(),
  teamId: z.string().optional(),
  teamName: z.string().optional(),
  channelId: z.string(),
  channelName: z.string().optional(),
  setBy: z.string(),
  setAt: z.string(),
});
export type AlertsChannel = z.infer<typeof AlertsChannelSchema>;
export const botConfigCollection: CollectionDefinition<AlertsChannel> = { name: 'bot-config', schema: AlertsChannelSchema, indexed: [] };
export const ALERTS_CHANNEL_ID = 'alerts-channel';

/**
 * People the bot has met (from messages, invokes and team rosters): their Teams user id (the
 * MRI `29:…`, what a card's refresh `userIds` must list) by Entra object id.
 */
export const KnownPersonSchema = z.object({
  aadObjectId: z.string(),
  teamsUserId: z.string(),
  name: z.string().optional(),
  upn: z.string().optional(),
  seenAt: z.string(),
});
export type KnownPerson = z.infer<typeof KnownPersonSchema>;
export const knownPeopleCollection: CollectionDefinition<KnownPerson> = { name: 'known-people', schema: KnownPersonSchema, indexed: [] };

/**
 * The card posted for an alert: where, so updates replace it in place and a redelivered event
 * never posts a second one. Partition = the alert's user, id = alert id.
 */
export const AlertPostSchema = z.object({
  alertId: z.string(),
  userId: z.string(),
  serviceUrl: z.string(),
  conversationId: z.string(),
  activityId: z.string(),
  postedAt: z.string(),
  updatedAt: z.string(),
});
export type AlertPost = z.infer<typeof AlertPostSchema>;
export const alertPostsCollection: CollectionDefinition<AlertPost> = { name: 'alert-posts', schema: AlertPostSchema, indexed: [] };

/** The conversation id without a thread suffix: a channel's replies live in `<channel>;messageid=<root>`. */
export function channelOf(conversationId: string): string {
  const at = conversationId.indexOf(';');
  return at < 0 ? conversationId : conversationId.slice(0, at);
}
