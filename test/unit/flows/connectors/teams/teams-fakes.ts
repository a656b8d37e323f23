import type { DirectoryUser } from '../../../../../core/directory/directory-user';
import { NotFoundError } from '../../../../../core/errors';
import type { Directory } from '../../../../../core/ports/directory';
import type { OutgoingMessage, PostedMessage } from '../../../../../core/ports/messenger';
import type { OperationCallContext } from '../../../../../flows/engine/contracts';
import type { FlowTeams, TeamsRecipient } from '../../../../../flows/connectors/teams/flow-teams.port';
import type { TeamsConnectorContext } from '../../../../../flows/connectors/teams/teams-context';

/** Teams as the connectors see it: records every post and update; a post can be made to fail per recipient. */
export class FakeFlowTeams implements FlowTeams {
  readonly posts: { recipient: TeamsRecipient; message: OutgoingMessage; posted: PostedMessage }[] = [];
  readonly updates: { message: PostedMessage; content: OutgoingMessage }[] = [];
  /** A recipient label (UPN or channel id) → the error its post throws. */
  readonly failPost = new Map<string, Error>();
  /** An activity id → the error its update throws. */
  readonly failUpdate = new Map<string, Error>();
  private next = 1;

  async post(recipient: TeamsRecipient, message: OutgoingMessage): Promise<PostedMessage> {
    const label = recipient.kind === 'user' ? recipient.upnOrId : recipient.channelId;
    const failure = this.failPost.get(label);
    if (failure !== undefined) throw failure;
    const activityId = `activity-${this.next++}`;
    const conversationId = recipient.kind === 'user' ? `a:chat-with-${recipient.upnOrId}` : `${recipient.channelId};messageid=${activityId}`;
    const posted = { serviceUrl: 'https://smba.example/emea/', conversationId, activityId };
    this.posts.push({ recipient, message, posted });
    return posted;
  }

  async update(message: PostedMessage, content: OutgoingMessage): Promise<void> {
    const failure = this.failUpdate.get(message.activityId);
    if (failure !== undefined) throw failure;
    this.updates.push({ message, content });
  }

  /** The latest content of a posted message: its last update, else what was posted. */
  current(activityId: string): OutgoingMessage | undefined {
    const updated = this.updates.filter((u) => u.message.activityId === activityId).pop();
    return updated?.content ?? this.posts.find((p) => p.posted.activityId === activityId)?.message;
  }
}

/** A directory that knows the given users by UPN or object id (case-insensitive). */
export function fakeDirectory(users: readonly DirectoryUser[]): Directory {
  const find = (idOrUpn: string): DirectoryUser | undefined => users.find((u) => u.upn === idOrUpn.toLowerCase() || u.objectId?.toLowerCase() === idOrUpn.toLowerCase());
  return {
    getUser: async (idOrUpn) => find(idOrUpn),
    getManager: async () => undefined,
    memberGroups: async () => new Set<string>(),
    groupMemberIds: async () => {
      throw new NotFoundError('no groups here');
    },
  };
}

export const ANN: DirectoryUser = { upn: 'ann@contoso.com', objectId: '11111111-1111-1111-1111-111111111111', displayName: 'Ann Approver', mail: 'ann@contoso.com' };
export const BOB: DirectoryUser = { upn: 'bob@contoso.com', objectId: '22222222-2222-2222-2222-222222222222', displayName: 'Bob Builder', mail: 'bob.builder@contoso.com' };
export const EVE: DirectoryUser = { upn: 'eve@contoso.com', objectId: '33333333-3333-3333-3333-333333333333', displayName: 'Eve Outsider', mail: 'eve@contoso.com' };

export const NOW = new Date('2025-03-04T09:30:00.000Z');

export type TestContext = TeamsConnectorContext & OperationCallContext & { readonly waitToken: string };

export function testContext(teams: FakeFlowTeams, users: readonly DirectoryUser[] = [ANN, BOB, EVE]): TestContext {
  return {
    teams,
    directory: fakeDirectory(users),
    clock: { now: () => NOW },
    idempotencyKey: 'run-1/Ask',
    runId: 'run-1',
    flowId: 'flow-1',
    attempt: 1,
    waitToken: '5f2c0a9e7b6d4c3a2f1e0d9c8b7a6f5e',
  };
}

/** Every object in a card, depth first. */
export function walk(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(walk);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  return [record, ...Object.values(record).flatMap(walk)];
}
