import { NotFoundError, OperationalError, PermissionDeniedError, ThrottledError } from '../../../../core/errors';
import type { DirectoryUser } from '../../../../core/directory/directory-user';
import { GRAPH_USER_PROPERTIES } from '../../../../flows/connectors/office365users/graph-user-body';
import { managerV2, myProfileV2, office365UsersOperations, userProfileV2 } from '../../../../flows/connectors/office365users';
import { connectorFailure, fakeDirectory, testContext } from './connector-test-context';
import { swaggerOperation, swaggerDefinition } from './swagger';

const ana: DirectoryUser = {
  upn: 'ana@contoso.com',
  objectId: '11111111-1111-1111-1111-111111111111',
  displayName: 'Ana Lyst',
  mail: 'ana@contoso.com',
  department: 'Security',
  jobTitle: 'Analyst',
  accountEnabled: true,
};
const boss: DirectoryUser = { upn: 'boss@contoso.com', objectId: '22222222-2222-2222-2222-222222222222', displayName: 'The Boss', mail: 'boss@contoso.com' };
const directory = () => fakeDirectory([ana, boss], { 'ana@contoso.com': 'boss@contoso.com' });

describe('office365users connector', () => {
  it('declares the real operation ids and api name', () => {
    expect(office365UsersOperations.map((o) => [o.api, o.operationId, o.kind])).toEqual([
      ['shared_office365users', 'Manager_V2', 'action'],
      ['shared_office365users', 'UserProfile_V2', 'action'],
      ['shared_office365users', 'MyProfile_V2', 'action'],
    ]);
    for (const op of office365UsersOperations) expect(swaggerOperation('shared_office365users', op.operationId).summary).toBe(op.summary);
  });

  it('knows exactly the properties of the swagger GraphUser_V1 definition', () => {
    const properties = Object.keys(swaggerDefinition('shared_office365users', 'GraphUser_V1').properties ?? {});
    expect([...GRAPH_USER_PROPERTIES].sort()).toEqual(properties.sort());
  });

  it('Manager_V2 answers the manager with GraphUser_V1 keys', async () => {
    const result = await managerV2.execute(managerV2.parameters.parse({ id: 'Ana@Contoso.com' }), testContext({ directory: directory() }));
    expect(result).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: { id: boss.objectId, userPrincipalName: 'boss@contoso.com', displayName: 'The Boss', mail: 'boss@contoso.com' },
    });
  });

  it('Manager_V2 fails 404 when the user has no manager, as the real connector does', async () => {
    const failure = await connectorFailure(managerV2.execute({ id: 'boss@contoso.com' }, testContext({ directory: directory() })));
    expect(failure.statusCode).toBe(404);
    expect(failure.message).toContain('boss@contoso.com');
    expect(failure.body).toMatchObject({ statusCode: 404, body: { error: { code: 'Request_ResourceNotFound' } } });
  });

  it('UserProfile_V2 limits the body to $select, matching names case-insensitively; unknown-to-us properties are null', async () => {
    const params = userProfileV2.parameters.parse({ id: ana.objectId, $select: 'accountEnabled, userPrincipalName ,DISPLAYNAME,givenName' });
    const result = await userProfileV2.execute(params, testContext({ directory: directory() }));
    expect(result.body).toEqual({ accountEnabled: true, userPrincipalName: 'ana@contoso.com', displayName: 'Ana Lyst', givenName: null });
    expect(Object.keys(result.body as object)).toEqual(['accountEnabled', 'userPrincipalName', 'displayName', 'givenName']);
  });

  it('UserProfile_V2 without $select returns every property the directory holds', async () => {
    const result = await userProfileV2.execute({ id: 'ana@contoso.com' }, testContext({ directory: directory() }));
    expect(result.body).toEqual({
      id: ana.objectId,
      userPrincipalName: 'ana@contoso.com',
      displayName: 'Ana Lyst',
      mail: 'ana@contoso.com',
      department: 'Security',
      jobTitle: 'Analyst',
      accountEnabled: true,
    });
  });

  it('refuses a $select naming something that is not a user property (400 naming $select) before asking the directory', async () => {
    const dir = directory();
    const failure = await connectorFailure(userProfileV2.execute({ id: 'ana@contoso.com', $select: 'displayName,salary' }, testContext({ directory: dir })));
    expect(failure.statusCode).toBe(400);
    expect(failure.message).toMatch(/^\$select: 'salary' is not a property of a user/);
    expect(dir.calls).toEqual([]);
  });

  it('UserProfile_V2 fails 404 for an unknown user', async () => {
    const failure = await connectorFailure(userProfileV2.execute({ id: 'ghost@contoso.com' }, testContext({ directory: directory() })));
    expect(failure.statusCode).toBe(404);
  });

  it('validates id: required, non-blank, no path characters', () => {
    const missing = userProfileV2.parameters.safeParse({});
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(['id']);
    expect(managerV2.parameters.safeParse({ id: '  ' }).error?.issues[0]?.path).toEqual(['id']);
    expect(managerV2.parameters.safeParse({ id: 'a/../b' }).error?.issues[0]?.message).toContain('without / ? #');
    expect(managerV2.parameters.safeParse({ id: 'ana@contoso.com', $select: 5 }).error?.issues[0]?.path).toEqual(['$select']);
  });

  it('MyProfile_V2 answers the flow owner, looked up by object id when known', async () => {
    const dir = directory();
    const result = await myProfileV2.execute({ $select: 'mail' }, testContext({ directory: dir, runAs: { upn: 'ana@contoso.com', objectId: ana.objectId } }));
    expect(result.body).toEqual({ mail: 'ana@contoso.com' });
    expect(dir.calls).toEqual([`getUser ${ana.objectId}`]);
  });

  it('MyProfile_V2 without a flow owner fails 400', async () => {
    const failure = await connectorFailure(myProfileV2.execute({}, testContext({ directory: directory() })));
    expect(failure.statusCode).toBe(400);
    expect(failure.message).toContain('no owner');
  });

  it.each([
    [new ThrottledError('slow down', 7000), 429, 7000],
    [new OperationalError('Graph down'), 503, undefined],
    [new PermissionDeniedError('no User.Read.All'), 403, undefined],
    [new NotFoundError('gone'), 404, undefined],
  ])('maps the directory failure %p to status %p', async (error, status, retryAfterMs) => {
    const failing = { ...directory(), getUser: () => Promise.reject(error), getManager: () => Promise.reject(error) };
    const failure = await connectorFailure(userProfileV2.execute({ id: 'ana@contoso.com' }, testContext({ directory: failing })));
    expect(failure.statusCode).toBe(status);
    expect(failure.retryAfterMs).toBe(retryAfterMs);
    expect(failure.message).toContain(error.message);
    const managerFailure = await connectorFailure(managerV2.execute({ id: 'ana@contoso.com' }, testContext({ directory: failing })));
    expect(managerFailure.statusCode).toBe(status);
  });

  it('lets a programming error through unchanged instead of dressing it as a remote failure', async () => {
    const bug = new TypeError('undefined is not a function');
    const failing = { ...directory(), getUser: () => Promise.reject(bug) };
    await expect(userProfileV2.execute({ id: 'ana@contoso.com' }, testContext({ directory: failing }))).rejects.toBe(bug);
  });
});
