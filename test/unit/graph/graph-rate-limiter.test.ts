import { GRAPH_TEAMS_LIMITS, rateLimitedRequest } from '../../../infra/graph/graph-rate-limiter';

const TEAM = '0d3a6c1e-8f4b-4c2d-9e7a-5b6c7d8e9f01';

describe('rateLimitedRequest', () => {
  it('puts team creation in the tenant-wide bucket at 10 per second', () => {
    expect(rateLimitedRequest('POST', 'https://graph.microsoft.com/v1.0/teams', GRAPH_TEAMS_LIMITS)).toEqual({
      key: 'team-creation',
      rate: { ratePerSecond: 10 },
    });
  });

  it('puts every request on a team, in either path form, in that team\'s bucket at 4 per second', () => {
    const urls = [
      `https://graph.microsoft.com/v1.0/teams/${TEAM}/members?$top=5`,
      `https://graph.microsoft.com/v1.0/teams/${TEAM.toUpperCase()}/installedApps`,
      `https://graph.microsoft.com/v1.0/teams('${TEAM}')/operations('op-1')`,
      `https://127.0.0.1:4444/v1.0/teams/${TEAM}`,
    ];
    for (const url of urls) expect(rateLimitedRequest('GET', url, GRAPH_TEAMS_LIMITS)).toEqual({ key: `team:${TEAM}`, rate: { ratePerSecond: 4 } });
  });

  it('leaves other requests alone', () => {
    expect(rateLimitedRequest('GET', 'https://graph.microsoft.com/v1.0/teams', GRAPH_TEAMS_LIMITS)).toBeUndefined();
    expect(rateLimitedRequest('POST', 'https://graph.microsoft.com/v1.0/users/a@b.c/sendMail', GRAPH_TEAMS_LIMITS)).toBeUndefined();
    expect(rateLimitedRequest('GET', 'https://graph.microsoft.com/v1.0/groups?$filter=x', GRAPH_TEAMS_LIMITS)).toBeUndefined();
  });
});
