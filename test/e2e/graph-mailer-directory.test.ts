import { randomUUID } from 'node:crypto';
import { createAccessControl, type GroupMembership } from '../../core/access/access-control';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { Directory } from '../../core/ports/directory';
import type { Mailer } from '../../core/ports/mailer';
import { createGraphDirectory } from '../../infra/graph/graph-directory';
import { createGraphMailer } from '../../infra/graph/graph-mailer';
import { startFakeGraph, type FakeGraph, type FakeGraphUser } from '../support/fake-graph/fake-graph';
import { connectToFakeGraph } from '../support/fake-graph/fake-graph-connection';
import { createMemoryStore } from '../support/memory-store';

const groups = { analysts: randomUUID(), investigators: randomUUID(), auditors: randomUUID() };
const manager: FakeGraphUser = { id: randomUUID(), userPrincipalName: 'Boss@Contoso.com', displayName: 'The Boss', mail: 'boss@contoso.com', jobTitle: 'Director' };
const analyst: FakeGraphUser = {
  id: randomUUID(),
  userPrincipalName: 'ana@contoso.com',
  displayName: 'Ana Lyst',
  mail: 'ana@contoso.com',
  department: 'Security',
  managerId: manager.id,
  memberOf: [groups.analysts, groups.investigators],
};
const mailbox: FakeGraphUser = { id: randomUUID(), userPrincipalName: 'irm-notices@contoso.com', displayName: 'IRM notices' };

describe('Graph mailer and directory against the HTTPS fake Graph', () => {
  let graph: FakeGraph;
  let mailer: Mailer;
  let directory: Directory;

  beforeAll(async () => {
    graph = await startFakeGraph({ users: [manager, analyst, mailbox] });
    const connection = connectToFakeGraph(graph);
    mailer = createGraphMailer({ connection });
    directory = createGraphDirectory({ connection });
  });

  afterAll(async () => {
    await graph.close();
  });

  it('sends mail through /users/{from}/sendMail; the fake records body and recipients', async () => {
    await mailer.sendMail({
      fromMailbox: 'irm-notices@contoso.com',
      to: ['ana@contoso.com'],
      cc: ['boss@contoso.com'],
      bcc: ['audit@contoso.com'],
      subject: 'Notice: policy reminder',
      body: '<p>Please review the data-handling policy.</p>',
      contentType: 'HTML',
    });
    expect(graph.mails()).toEqual([
      {
        from: 'irm-notices@contoso.com',
        subject: 'Notice: policy reminder',
        contentType: 'html',
        content: '<p>Please review the data-handling policy.</p>',
        to: ['ana@contoso.com'],
        cc: ['boss@contoso.com'],
        bcc: ['audit@contoso.com'],
        saveToSentItems: true,
      },
    ]);
    const request = graph.requests('sendMail').at(-1)!;
    expect(request.path).toBe('/v1.0/users/irm-notices%40contoso.com/sendMail');
    expect(request.status).toBe(202);
    // Graph's 202 has no body and no content type; the client must accept it as such.
    expect(Object.keys(request.responseHeaders)).toEqual([]);
  });

  it('refuses a mail without recipients before calling Graph, naming the field', async () => {
    const before = graph.requests().length;
    const attempt = mailer.sendMail({ fromMailbox: 'irm-notices@contoso.com', to: [], subject: 'x', body: 'y', contentType: 'Text' });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    expect(((await attempt.catch((e: unknown) => e)) as ValidationError).issues).toEqual([{ field: 'to', reason: 'expected at least one recipient (to, cc or bcc)' }]);
    expect(graph.requests()).toHaveLength(before);
  });

  it('answers NotFoundError for a sending mailbox that does not exist', async () => {
    await expect(
      mailer.sendMail({ fromMailbox: 'nobody@contoso.com', to: ['ana@contoso.com'], subject: 'x', body: 'y', contentType: 'Text' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads a user by object id or UPN, lower-casing the UPN; an unknown user is undefined', async () => {
    const byId = await directory.getUser(analyst.id);
    expect(byId).toEqual({ upn: 'ana@contoso.com', objectId: analyst.id, displayName: 'Ana Lyst', mail: 'ana@contoso.com', department: 'Security', accountEnabled: true });
    expect(await directory.getUser('ANA@contoso.com')).toEqual(byId);
    expect(await directory.getUser('ghost@contoso.com')).toBeUndefined();
    expect(decodeURIComponent(graph.requests('getUser')[0].path)).toContain('$select=id,userPrincipalName,displayName,mail,department,jobTitle,accountEnabled');
  });

  it("reads a user's manager; no manager and no user are both undefined", async () => {
    expect(await directory.getManager(analyst.id)).toMatchObject({ upn: 'boss@contoso.com', objectId: manager.id, jobTitle: 'Director' });
    expect(await directory.getManager(manager.id)).toBeUndefined();
    expect(await directory.getManager('ghost@contoso.com')).toBeUndefined();
  });

  it('checks group membership in calls of at most 20 ids', async () => {
    const others = Array.from({ length: 25 }, () => randomUUID());
    const calls = graph.requests('checkMemberGroups').length;
    const member = await directory.memberGroups(analyst.id, [...others, groups.investigators, groups.auditors]);
    expect([...member]).toEqual([groups.investigators]);
    const sent = graph.requests('checkMemberGroups').slice(calls).map((r) => (r.body as { groupIds: string[] }).groupIds.length);
    expect(sent).toEqual([20, 7]);
    expect(await directory.memberGroups(analyst.id, [])).toEqual(new Set());
    expect(await directory.memberGroups(randomUUID(), [groups.analysts])).toEqual(new Set());
  });

  it('serves access control as its GroupMembership: Entra-mapped role groups come from checkMemberGroups', async () => {
    const membership: GroupMembership = directory;
    const access = createAccessControl({
      store: createMemoryStore(),
      entraGroups: { analysts: groups.analysts, investigators: groups.investigators, auditors: groups.auditors },
      groupMembership: membership,
      recordDenied: async () => undefined,
    });
    expect([...(await access.groupsOf({ id: analyst.id }))].sort()).toEqual(['analysts', 'investigators']);
    expect([...(await access.groupsOf({ id: manager.id }))]).toEqual([]);
  });
});

describe('Graph directory: the users of a group, transitively, page by page', () => {
  const big = randomUUID();
  const empty = randomUUID();
  const members: FakeGraphUser[] = Array.from({ length: 7 }, (_, i) => ({ id: randomUUID().toUpperCase(), userPrincipalName: `member${i}@contoso.com`, displayName: `Member ${i}`, memberOf: [big] }));
  let graph: FakeGraph;
  let directory: Directory;

  beforeAll(async () => {
    graph = await startFakeGraph({ users: [...members, { id: randomUUID(), userPrincipalName: 'other@contoso.com', displayName: 'Other' }], groups: [empty], memberPageSize: 3 });
    directory = createGraphDirectory({ connection: connectToFakeGraph(graph) });
  });

  afterAll(async () => {
    await graph.close();
  });

  it('follows the next links and returns lower-case object ids of the members only', async () => {
    const ids = await directory.groupMemberIds(big);
    expect(ids.sort()).toEqual(members.map((m) => m.id.toLowerCase()).sort());
    expect(graph.requests('groupMembers')).toHaveLength(3);
    expect(graph.requests('groupMembers')[0].path).toContain('/transitiveMembers/microsoft.graph.user');
  });

  it('answers an empty group with no one, and an unknown group with NotFoundError', async () => {
    expect(await directory.groupMemberIds(empty)).toEqual([]);
    await expect(directory.groupMemberIds(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  });
});
