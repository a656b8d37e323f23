/**
 * Run in a child process by test/e2e/graph-default-fetch.test.ts: the Graph adapters on the
 * production path (Node's global fetch, no fetch override), trusting the fake Graph's certificate
 * only through NODE_EXTRA_CA_CERTS. Prints one JSON line with what it saw.
 *
 * Usage: NODE_EXTRA_CA_CERTS=cert.pem FAKE_GRAPH_URL=https://127.0.0.1:PORT OWNER_ID=… \
 *   node -r ./test/support/register-ts.cjs test/support/fake-graph/default-fetch-probe.ts
 */
import { createGraphConnection } from '../../../infra/graph/graph-client';
import { createGraphDirectory } from '../../../infra/graph/graph-directory';
import { createGraphMailer } from '../../../infra/graph/graph-mailer';
import { createGraphTeamProvisioner } from '../../../infra/graph/graph-team-provisioner';

async function main(): Promise<void> {
  const baseUrl = process.env.FAKE_GRAPH_URL ?? '';
  const ownerId = process.env.OWNER_ID ?? '';
  const connection = createGraphConnection({
    baseUrl,
    credential: { getToken: async () => ({ token: 'probe-token', expiresOnTimestamp: Date.now() + 60_000 }) },
  });
  const user = await createGraphDirectory({ connection }).getUser(ownerId);
  await createGraphMailer({ connection }).sendMail({ fromMailbox: user?.upn ?? '', to: ['someone@contoso.com'], subject: 'probe', body: 'b', contentType: 'Text' });
  const started = await createGraphTeamProvisioner({ connection }).startTeamCreation({
    displayName: 'Probe',
    description: '',
    ownerObjectIds: [ownerId],
    visibility: 'private',
    clientReference: 'probe-1',
  });
  process.stdout.write(`${JSON.stringify({ upn: user?.upn, operationUrl: started.operationUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = 1;
});
