import { NotFoundError, ValidationError } from '../errors';
import { closestName } from '../settings/closest-name';
import { SYSTEM_PARTITION } from '../persistence/collections';
import type { StoreTransaction } from '../ports/store';
import {
  ALERTS_CHANNEL_ID,
  type AlertsChannel,
  botConfigCollection,
  channelOf,
  conversationsCollection,
  type InstalledConversation,
  type KnownPerson,
  knownPeopleCollection,
} from './conversation';

/** Records (or refreshes) a conversation the bot is in. Unchanged facts do not rewrite the document. */
export async function recordConversation(tx: StoreTransaction, conversation: InstalledConversation): Promise<void> {
  const docs = tx.documents(conversationsCollection);
  const id = channelOf(conversation.conversationId);
  const current = await docs.get(SYSTEM_PARTITION, id);
  const next: InstalledConversation = { ...current?.value, ...conversation, conversationId: id };
  if (conversation.removedAt === undefined) delete (next as { removedAt?: string }).removedAt;
  if (current !== undefined && sameFacts(current.value, next)) return;
  await docs.upsert(SYSTEM_PARTITION, id, next);
}

function sameFacts(a: InstalledConversation, b: InstalledConversation): boolean {
  const strip = ({ updatedAt: _u, ...rest }: InstalledConversation): string => JSON.stringify(rest, Object.keys(rest).sort());
  return strip(a) === strip(b);
}

export async function markConversationRemoved(tx: StoreTransaction, conversationId: string, at: string): Promise<void> {
  const docs = tx.documents(conversationsCollection);
  const current = await docs.get(SYSTEM_PARTITION, channelOf(conversationId));
  if (current === undefined || current.value.removedAt !== undefined) return;
  await docs.replace(SYSTEM_PARTITION, current.value.conversationId, { ...current.value, removedAt: at, updatedAt: at }, current.etag);
}

export async function listChannels(tx: StoreTransaction, teamId?: string): Promise<InstalledConversation[]> {
  const found = await tx.documents(conversationsCollection).query({
    partition: SYSTEM_PARTITION,
    where: { kind: 'channel', ...(teamId === undefined ? {} : { teamId }) },
    limit: 1000,
  });
  return found.map((d) => d.value).filter((c) => c.removedAt === undefined);
}

/**
 * A channel by name ("General", "IRM Alerts"), optionally within one team. An unknown name fails
 * with the channels we know and the closest match; the same name in two teams asks for the team.
 */
export async function findChannelByName(tx: StoreTransaction, name: string, teamId?: string): Promise<InstalledConversation> {
  const channels = await listChannels(tx, teamId);
  const wanted = name.trim().replace(/^#/, '').toLowerCase();
  const matches = channels.filter((c) => (c.channelName ?? '').toLowerCase() === wanted);
  if (matches.length === 1) return matches[0];
  const names = [...new Set(channels.map((c) => c.channelName).filter((n): n is string => n !== undefined))];
  if (matches.length === 0) {
    const suggestion = closestName(name, names);
    throw new NotFoundError(
      `no channel named '${name.trim()}' in ${teamId === undefined ? 'the teams the app is installed in' : 'this team'}` +
        (suggestion === undefined ? '' : `; did you mean '${suggestion}'?`) +
        (names.length === 0 ? ' (the app has not seen any channel yet: install it in a team first)' : ` (known: ${names.slice(0, 20).join(', ')})`),
    );
  }
  throw new ValidationError(`'${name.trim()}' names a channel in ${matches.length} teams; run the command in that team, or use 'alerts channel here' in the channel`, [
    { field: 'channel', reason: 'ambiguous: the same name in several teams' },
  ]);
}

export async function getAlertsChannel(tx: StoreTransaction): Promise<AlertsChannel | undefined> {
  return (await tx.documents(botConfigCollection).get(SYSTEM_PARTITION, ALERTS_CHANNEL_ID))?.value;
}

export async function setAlertsChannel(tx: StoreTransaction, channel: AlertsChannel): Promise<{ before?: AlertsChannel }> {
  const docs = tx.documents(botConfigCollection);
  const before = (await docs.get(SYSTEM_PARTITION, ALERTS_CHANNEL_ID))?.value;
  await docs.upsert(SYSTEM_PARTITION, ALERTS_CHANNEL_ID, { ...channel, channelId: channelOf(channel.channelId) });
  return before === undefined ? {} : { before };
}

/** Remembers a person's Teams user id; written only when something changed (not on every message). */
export async function recordKnownPerson(tx: StoreTransaction, person: KnownPerson): Promise<void> {
  const docs = tx.documents(knownPeopleCollection);
  const id = person.aadObjectId.toLowerCase();
  const current = await docs.get(SYSTEM_PARTITION, id);
  const next = { ...current?.value, ...person, aadObjectId: id };
  if (current !== undefined && current.value.teamsUserId === next.teamsUserId && current.value.name === next.name && current.value.upn === next.upn) return;
  await docs.upsert(SYSTEM_PARTITION, id, next);
}

export async function knownPeople(tx: StoreTransaction, aadObjectIds: readonly string[]): Promise<KnownPerson[]> {
  const docs = tx.documents(knownPeopleCollection);
  const found: KnownPerson[] = [];
  for (const id of aadObjectIds) {
    const person = await docs.get(SYSTEM_PARTITION, id.toLowerCase());
    if (person !== undefined) found.push(person.value);
  }
  return found;
}
