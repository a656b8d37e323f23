import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph/fake-graph';

const ROOT = path.resolve(__dirname, '../..');
const PROBE = 'test/support/fake-graph/default-fetch-probe.ts';

function runProbe(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', './test/support/register-ts.cjs', PROBE], { cwd: ROOT, env, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The production path: Node's own fetch (no override), the fake's certificate trusted only via
 * NODE_EXTRA_CA_CERTS, which Node reads at start, hence a child process.
 */
describe('Graph adapters on the global fetch (child process with NODE_EXTRA_CA_CERTS)', () => {
  const ownerId = randomUUID();
  let graph: FakeGraph;

  beforeAll(async () => {
    graph = await startFakeGraph({ users: [{ id: ownerId, userPrincipalName: 'probe-owner@contoso.com', displayName: 'Probe Owner' }] });
  });

  afterAll(async () => {
    await graph.close();
  });

  it('reads, sends mail and starts a team with the bearer token on every call', async () => {
    const result = await runProbe({ ...process.env, NODE_EXTRA_CA_CERTS: graph.certPath, FAKE_GRAPH_URL: graph.url, OWNER_ID: ownerId });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const seen = JSON.parse(result.stdout) as { upn: string; operationUrl: string };
    expect(seen.upn).toBe('probe-owner@contoso.com');
    expect(seen.operationUrl).toMatch(/^\/teams\('[0-9a-f-]{36}'\)\/operations\('[0-9a-f-]{36}'\)$/);
    expect(graph.requests().map((r) => [r.route, r.status, r.authorization])).toEqual([
      ['getUser', 200, 'Bearer probe-token'],
      ['sendMail', 202, 'Bearer probe-token'],
      ['createTeam', 202, 'Bearer probe-token'],
    ]);
    expect(graph.mails()).toHaveLength(1);
  });

  it('fails to connect without the certificate trusted (so the test above proves the trust path)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FAKE_GRAPH_URL: graph.url, OWNER_ID: ownerId };
    delete env.NODE_EXTRA_CA_CERTS;
    const result = await runProbe(env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('OperationalError');
  });
});
