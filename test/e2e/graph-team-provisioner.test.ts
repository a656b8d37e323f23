import { randomUUID } from 'node:crypto';
import { NotFoundError, OperationalError, ValidationError } from '../../core/errors';
import type { TeamCreationRequest, TeamProvisioner } from '../../core/ports/team-provisioner';
import { awaitTeamCreation } from '../../infra/graph/await-team-creation';
import { createGraphTeamProvisioner, teamReferenceMarker } from '../../infra/graph/graph-team-provisioner';
import { startFakeGraph, type FakeGraph, type FakeGraphUser } from '../support/fake-graph/fake-graph';
import { connectToFakeGraph, recordingSleep } from '../support/fake-graph/fake-graph-connection';

const owner: FakeGraphUser = { id: randomUUID(), userPrincipalName: 'lead@contoso.com', displayName: 'Case Lead' };
const people: FakeGraphUser[] = Array.from({ length: 250 }, (_, i) => ({
  id: randomUUID(),
  userPrincipalName: `person${i}@contoso.com`,
  displayName: `Person ${i}`,
}));

function request(overrides: Partial<TeamCreationRequest> = {}): TeamCreationRequest {
  return {
    displayName: 'IRM case 2024-0042',
    description: 'Insider-risk case 2024-0042 (restricted)',
    ownerObjectIds: [owner.id],
    visibility: 'private',
    clientReference: 'case-2024-0042',
    ...overrides,
  };
}

describe('Graph team provisioner against the HTTPS fake Graph', () => {
  let graph: FakeGraph;
  let provisioner: TeamProvisioner;
  let pauses: number[];

  beforeEach(async () => {
    graph = await startFakeGraph({ users: [owner, ...people], teamsApps: ['0a1b2c3d-0000-4000-8000-00000000abcd'], memberPageSize: 40 });
    const recorder = recordingSleep();
    pauses = recorder.pauses;
    provisioner = createGraphTeamProvisioner({ connection: connectToFakeGraph(graph), sleep: recorder.sleep });
  });

  afterEach(async () => {
    await graph.close();
  });

  /** Creates a team and polls it to success with tiny intervals. */
  async function createTeam(overrides: Partial<TeamCreationRequest> = {}): Promise<string> {
    const started = await provisioner.startTeamCreation(request(overrides));
    const done = await awaitTeamCreation(provisioner, started.operationUrl, { intervalMs: 1, maxChecks: 5 });
    expect(done.status).toBe('succeeded');
    return done.teamId!;
  }

  it('starts creation with a 202 and polls the operation notStarted → inProgress → succeeded', async () => {
    const started = await provisioner.startTeamCreation(request());
    expect(started.operationUrl).toMatch(/^\/teams\('[0-9a-f-]{36}'\)\/operations\('[0-9a-f-]{36}'\)$/);
    expect(started.teamId).toBeDefined();
    expect(graph.team(started.teamId!)?.provisioned).toBe(false);

    const seen: string[] = [];
    const polled = { checkTeamCreation: async (url: string) => {
      const state = await provisioner.checkTeamCreation(url);
      seen.push(state.status);
      return state;
    } };
    const done = await awaitTeamCreation(polled, started.operationUrl, { intervalMs: 5, maxChecks: 10, sleep: async () => undefined });
    expect(seen).toEqual(['notStarted', 'inProgress', 'succeeded']);
    expect(done).toEqual({ status: 'succeeded', teamId: started.teamId });

    const team = graph.team(started.teamId!)!;
    expect(team).toMatchObject({ displayName: 'IRM case 2024-0042', visibility: 'private', provisioned: true });
    expect(team.description).toBe(`${teamReferenceMarker('case-2024-0042')} Insider-risk case 2024-0042 (restricted)`);
    expect(team.members).toEqual([expect.objectContaining({ userId: owner.id, roles: ['owner'] })]);
    const post = graph.requests('createTeam')[0];
    expect(post.body).toMatchObject({
      'template@odata.bind': `${graph.url}/v1.0/teamsTemplates('standard')`,
      members: [{ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'], 'user@odata.bind': `${graph.url}/v1.0/users('${owner.id}')` }],
    });
    expect(post.authorization).toBe('Bearer fake-graph-token');
  });

  it('waits politely by default: the polling helper asks for more than 30 s between checks', async () => {
    const started = await provisioner.startTeamCreation(request());
    const recorder = recordingSleep();
    await awaitTeamCreation(provisioner, started.operationUrl, { sleep: recorder.sleep });
    expect(recorder.pauses.length).toBe(2);
    for (const pause of recorder.pauses) expect(pause).toBeGreaterThan(30_000);
  });

  it('gives up after the bound with a retryable error, never starting a second team', async () => {
    const slow = await startFakeGraph({ users: [owner], operationSteps: ['notStarted', 'inProgress'] });
    try {
      const slowProvisioner = createGraphTeamProvisioner({ connection: connectToFakeGraph(slow) });
      const started = await slowProvisioner.startTeamCreation(request());
      await expect(awaitTeamCreation(slowProvisioner, started.operationUrl, { intervalMs: 1, maxChecks: 3 })).rejects.toBeInstanceOf(OperationalError);
      expect(slow.requests('getOperation')).toHaveLength(3);
      expect(slow.requests('createTeam')).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('reports a failed creation with Graph\'s error', async () => {
    graph.failNextTeamCreation({ code: 'Conflict', message: 'A team with this mailNickname exists' });
    const started = await provisioner.startTeamCreation(request());
    const done = await awaitTeamCreation(provisioner, started.operationUrl, { intervalMs: 1, maxChecks: 5 });
    expect(done).toEqual({ status: 'failed', error: { code: 'Conflict', message: 'A team with this mailNickname exists' } });
  });

  it('retries a fresh-group 404 three times, ten seconds apart, then succeeds', async () => {
    graph.setFreshGroup404s(3);
    const started = await provisioner.startTeamCreation(request());
    expect(started.teamId).toBeDefined();
    const creations = graph.requests('createTeam');
    expect(creations.map((r) => r.status)).toEqual([404, 404, 404, 202]);
    expect(pauses).toEqual([10_000, 10_000, 10_000]);
    expect(graph.teams()).toHaveLength(1);
  });

  it('gives up with NotFoundError when the group still is not there after three retries', async () => {
    graph.setFreshGroup404s(4);
    await expect(provisioner.startTeamCreation(request())).rejects.toBeInstanceOf(NotFoundError);
    expect(graph.requests('createTeam')).toHaveLength(4);
    expect(graph.teams()).toHaveLength(0);
  });

  it('after a crash that lost the operation URL, finds the team by reference: never a second team', async () => {
    // The process dies right after Graph accepted the creation; the Location was never stored.
    await provisioner.startTeamCreation(request({ clientReference: 'case-7' }));

    // On restart the consumer looks before it creates.
    const found = await provisioner.findTeamByReference('case-7');
    expect(found).toMatchObject({ displayName: 'IRM case 2024-0042', provisioned: false });
    const lookup = graph.requests('listGroups')[0];
    expect(decodeURIComponent(lookup.path)).toContain("$filter=startsWith(description,'[irm:case-7]')");
    expect(lookup.consistencyLevel).toBe('eventual');

    graph.completePendingOperations();
    expect(await provisioner.findTeamByReference('case-7')).toEqual({ teamId: found!.teamId, displayName: 'IRM case 2024-0042', provisioned: true });
    expect(graph.requests('createTeam')).toHaveLength(1);
    expect(graph.teams()).toHaveLength(1);
  });

  it('does not confuse references that share a prefix, and answers undefined for none', async () => {
    await createTeam({ clientReference: 'case-10' });
    expect(await provisioner.findTeamByReference('case-1')).toBeUndefined();
    expect(await provisioner.findTeamByReference('case-10')).toMatchObject({ provisioned: true });
  });

  it('adds members in batches of 200, idempotently, and lists them across pages', async () => {
    const teamId = await createTeam();
    const ids = people.map((p) => p.id);
    const first = await provisioner.addMembers(teamId, ids);
    expect(first.added).toHaveLength(250);
    expect(first.failed).toEqual([]);
    const adds = graph.requests('addMembers');
    expect(adds.map((r) => (r.body as { values: unknown[] }).values.length)).toEqual([200, 50]);

    const again = await provisioner.addMembers(teamId, ids.slice(0, 5));
    expect(again.added).toHaveLength(5);
    expect(graph.team(teamId)!.members).toHaveLength(251);

    const members = await provisioner.listMembers(teamId);
    expect(members).toHaveLength(251);
    expect(graph.requests('listMembers').length).toBe(Math.ceil(251 / 40));
    expect(members.find((m) => m.userObjectId === owner.id)?.roles).toEqual(['owner']);
  });

  it('reports users Graph could not add without failing the others', async () => {
    const teamId = await createTeam();
    const stranger = randomUUID();
    const result = await provisioner.addMembers(teamId, [people[0].id, stranger]);
    expect(result.added).toEqual([people[0].id]);
    expect(result.failed).toEqual([{ userObjectId: stranger, code: 'NotFound', message: 'NotFound' }]);
    expect(graph.requests('addMembers')[0].status).toBe(207);
  });

  it('adds owners with the owner role', async () => {
    const teamId = await createTeam();
    await provisioner.addMembers(teamId, [people[1].id], { asOwners: true });
    expect(graph.team(teamId)!.members.find((m) => m.userId === people[1].id)?.roles).toEqual(['owner']);
  });

  it('removes a membership by its id, and a second removal is NotFoundError', async () => {
    const teamId = await createTeam();
    await provisioner.addMembers(teamId, [people[2].id]);
    const membership = (await provisioner.listMembers(teamId)).find((m) => m.userObjectId === people[2].id)!;
    await provisioner.removeMember(teamId, membership.membershipId);
    expect(graph.team(teamId)!.members.map((m) => m.userId)).toEqual([owner.id]);
    await expect(provisioner.removeMember(teamId, membership.membershipId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('installs the app once; installing it again is fine (Graph answers 409)', async () => {
    const teamId = await createTeam();
    await provisioner.installApp(teamId, '0a1b2c3d-0000-4000-8000-00000000abcd');
    await provisioner.installApp(teamId, '0a1b2c3d-0000-4000-8000-00000000abcd');
    expect(graph.requests('installApp').map((r) => r.status)).toEqual([200, 409]);
    expect(graph.team(teamId)!.installedApps).toEqual(['0a1b2c3d-0000-4000-8000-00000000abcd']);
    await expect(provisioner.installApp(teamId, '99999999-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('finds the General channel and archives the team', async () => {
    const teamId = await createTeam();
    expect(await provisioner.generalChannelId(teamId)).toBe(graph.team(teamId)!.primaryChannelId);
    const archived = await provisioner.archiveTeam(teamId);
    expect(archived.operationUrl).toMatch(new RegExp(`^/teams\\('${teamId}'\\)/operations`));
    expect(graph.team(teamId)!.archived).toBe(true);
    expect(await provisioner.checkTeamCreation(archived.operationUrl!)).toEqual({ status: 'succeeded', teamId });
  });

  it('treats a team that is still provisioning as absent for team calls (NotFoundError)', async () => {
    const started = await provisioner.startTeamCreation(request());
    await expect(provisioner.generalChannelId(started.teamId!)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects bad input before calling Graph, naming the field', async () => {
    const attempt = provisioner.startTeamCreation(request({ ownerObjectIds: [], clientReference: "x']" }));
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    const error = (await attempt.catch((e: unknown) => e)) as ValidationError;
    expect(error.issues.map((i) => i.field).sort()).toEqual(['clientReference', 'ownerObjectIds']);
    await expect(provisioner.listMembers('not-a-guid')).rejects.toBeInstanceOf(ValidationError);
    await expect(provisioner.checkTeamCreation('https://evil.example/teams')).rejects.toBeInstanceOf(ValidationError);
    expect(graph.requests()).toHaveLength(0);
  });
});
