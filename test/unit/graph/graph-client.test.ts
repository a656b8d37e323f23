import { ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import { ValidationError } from '../../../core/errors';
import { awaitTeamCreation } from '../../../infra/graph/await-team-creation';
import { createGraphConnection, createGraphCredential, normalizeGraphBaseUrl } from '../../../infra/graph/graph-client';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '66666666-7777-4888-9999-000000000000';

describe('Graph client configuration', () => {
  it('builds the credential of the configured kind', () => {
    expect(createGraphCredential({ kind: 'clientSecret', tenantId: TENANT, clientId: CLIENT, clientSecret: 's' })).toBeInstanceOf(ClientSecretCredential);
    expect(createGraphCredential({ kind: 'managedIdentity' })).toBeInstanceOf(ManagedIdentityCredential);
    expect(createGraphCredential({ kind: 'managedIdentity', clientId: CLIENT })).toBeInstanceOf(ManagedIdentityCredential);
  });

  it('accepts only https base URLs without a path', () => {
    expect(normalizeGraphBaseUrl('https://graph.microsoft.com/')).toBe('https://graph.microsoft.com');
    expect(normalizeGraphBaseUrl('https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443');
    for (const bad of ['http://graph.microsoft.com', 'https://graph.microsoft.com/v1.0', 'graph.microsoft.com']) {
      expect(() => normalizeGraphBaseUrl(bad)).toThrow(ValidationError);
    }
  });

  it('builds @odata.bind URLs under the configured base URL (national clouds, fakes)', () => {
    const connection = createGraphConnection({ credential: { getToken: async () => null }, baseUrl: 'https://graph.microsoft.us' });
    expect(connection.bindUrl("users('u-1')")).toBe("https://graph.microsoft.us/v1.0/users('u-1')");
    expect(connection.bindUrl("/teamsTemplates('standard')")).toBe("https://graph.microsoft.us/v1.0/teamsTemplates('standard')");
  });
});

describe('awaitTeamCreation', () => {
  it('refuses polling options that could not end or would hammer Graph with nonsense', async () => {
    const provisioner = { checkTeamCreation: async () => ({ status: 'inProgress' as const }) };
    const error = (await awaitTeamCreation(provisioner, '/teams/x/operations/y', { intervalMs: -1, maxChecks: 0 }).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i) => i.field)).toEqual(['intervalMs', 'maxChecks']);
  });

  it('stops at the first finished state', async () => {
    const states = [{ status: 'inProgress' as const }, { status: 'failed' as const, error: { message: 'no' } }, { status: 'succeeded' as const, teamId: 't' }];
    let checks = 0;
    const provisioner = { checkTeamCreation: async () => states[checks++] };
    expect(await awaitTeamCreation(provisioner, '/op', { intervalMs: 0, sleep: async () => undefined })).toEqual({ status: 'failed', error: { message: 'no' } });
    expect(checks).toBe(2);
  });
});
