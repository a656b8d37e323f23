import { z } from 'zod';
import { NotFoundError, UnexpectedError } from '../../../core/errors';
import type { OutgoingMessage, PostedMessage } from '../../../core/ports/messenger';
import { toConnectorError } from '../connector-errors';
import type { FlowTeams } from './flow-teams.port';

/**
 * The cards a waiting step posted, as its subscription keeps them (the runner stores the
 * subscription and hands it back, possibly after a restart: it is read back through a schema).
 */
export const PostedMessageSchema = z.object({ serviceUrl: z.string(), conversationId: z.string(), activityId: z.string() });

export const TeamsRecipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), upnOrId: z.string() }),
  z.object({ kind: z.literal('channel'), teamId: z.string(), channelId: z.string() }),
]);

/** A subscription read back: a malformed one is a bug or a corrupted store, not the responder's fault. */
export function readSubscription<T>(schema: z.ZodType<T>, subscription: unknown, operation: string): T {
  const read = schema.safeParse(subscription);
  if (!read.success) throw new UnexpectedError(`${operation}: the stored subscription is not one this operation wrote`, { cause: read.error });
  return read.data;
}

/**
 * Replaces each posted card. A card that is gone (the chat deleted, the app removed) has nothing
 * left to update and is skipped; any other failure is reported after every update was tried, so
 * one throttled chat does not leave the others showing a live request.
 */
export async function updateAll(teams: FlowTeams, updates: readonly { readonly message: PostedMessage; readonly content: OutgoingMessage }[], what: string): Promise<void> {
  const results = await Promise.allSettled(updates.map((u) => teams.update(u.message, u.content)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof NotFoundError));
  if (failed !== undefined) throw toConnectorError(failed.reason, what);
}
