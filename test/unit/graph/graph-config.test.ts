import { ValidationError } from '../../../core/errors';
import { loadConfig } from '../../../infra/config';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '66666666-7777-4888-9999-000000000000';
const GROUP = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';

function issuesOf(env: NodeJS.ProcessEnv): ValidationError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig: Microsoft Graph', () => {
  it('runs without Graph when nothing is set', () => {
    const config = loadConfig({});
    expect(config.graph).toBeUndefined();
    expect(config.entraRoleGroups).toEqual({});
  });

  it('reads a client-secret credential, the app, the mailbox and the role groups', () => {
    const config = loadConfig({
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: CLIENT,
      GRAPH_CLIENT_SECRET: 'shh',
      IRM_TEAMS_APP_ID: CLIENT,
      IRM_NOTICE_MAILBOX: 'irm-notices@contoso.com',
      IRM_ROLE_GROUP_ANALYSTS: GROUP,
      IRM_ROLE_GROUP_IRM: TENANT,
    });
    expect(config.graph).toEqual({
      baseUrl: 'https://graph.microsoft.com',
      credential: { kind: 'clientSecret', tenantId: TENANT, clientId: CLIENT, clientSecret: 'shh' },
      teamsAppId: CLIENT,
      noticeMailbox: 'irm-notices@contoso.com',
    });
    expect(config.entraRoleGroups).toEqual({ analysts: GROUP.toLowerCase(), irm: TENANT });
  });

  it('reads a managed identity, optionally user-assigned, and an overridden base URL', () => {
    expect(loadConfig({ GRAPH_USE_MANAGED_IDENTITY: 'TRUE' }).graph?.credential).toEqual({ kind: 'managedIdentity' });
    const config = loadConfig({ GRAPH_USE_MANAGED_IDENTITY: 'true', GRAPH_CLIENT_ID: CLIENT, GRAPH_BASE_URL: 'https://graph.microsoft.us/' });
    expect(config.graph).toEqual({ baseUrl: 'https://graph.microsoft.us', credential: { kind: 'managedIdentity', clientId: CLIENT } });
  });

  it('names every bad Graph variable, without echoing the secret', () => {
    const error = issuesOf({
      GRAPH_CLIENT_SECRET: 'super-secret-value',
      GRAPH_USE_MANAGED_IDENTITY: 'yes',
      GRAPH_BASE_URL: 'http://127.0.0.1:8443',
      IRM_ROLE_GROUP_ADMINS: 'admins',
    });
    expect(error.issues.map((i) => i.field).sort()).toEqual(['GRAPH_BASE_URL', 'GRAPH_CLIENT_ID', 'GRAPH_TENANT_ID', 'GRAPH_USE_MANAGED_IDENTITY', 'IRM_ROLE_GROUP_ADMINS']);
    expect(error.message).toContain('GRAPH_BASE_URL: expected an https URL');
    expect(error.message).not.toContain('super-secret-value');
  });

  it('refuses both credentials at once, a base URL with a path, and Graph-only settings without Graph', () => {
    expect(issuesOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: 's', GRAPH_USE_MANAGED_IDENTITY: 'true' }).issues).toEqual([
      { field: 'GRAPH_USE_MANAGED_IDENTITY', reason: 'set either GRAPH_CLIENT_SECRET or GRAPH_USE_MANAGED_IDENTITY=true, not both' },
    ]);
    expect(issuesOf({ GRAPH_USE_MANAGED_IDENTITY: 'true', GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' }).issues.map((i) => i.field)).toEqual(['GRAPH_BASE_URL']);
    expect(issuesOf({ IRM_ROLE_GROUP_AUDITORS: GROUP, IRM_NOTICE_MAILBOX: 'irm@contoso.com' }).issues.map((i) => i.field)).toEqual([
      'IRM_NOTICE_MAILBOX',
      'IRM_ROLE_GROUP_AUDITORS',
    ]);
    expect(issuesOf({ GRAPH_CLIENT_ID: CLIENT }).issues.map((i) => i.field)).toEqual(['GRAPH_CLIENT_SECRET']);
  });
});
