import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  OperationalError,
  PayloadTooLargeError,
  PermissionDeniedError,
  ThrottledError,
  UnauthenticatedError,
  ValidationError,
} from '../../core/errors';
import type { MailMessage } from '../../core/ports/mailer';
import { createGraphConnection } from '../../infra/graph/graph-client';
import { createGraphDirectory } from '../../infra/graph/graph-directory';
import { createGraphMailer } from '../../infra/graph/graph-mailer';
import { GRAPH_TEAMS_LIMITS } from '../../infra/graph/graph-rate-limiter';
import { createGraphTeamProvisioner } from '../../infra/graph/graph-team-provisioner';
import { startFakeGraph, type FakeGraph, type FakeGraphUser } from '../support/fake-graph/fake-graph';
import { connectToFakeGraph, recordingSleep, staticCredential } from '../support/fake-graph/fake-graph-connection';

const owner: FakeGraphUser = { id: randomUUID(), userPrincipalName: 'lead@contoso.com', displayName: 'Lead' };
const mailbox: FakeGraphUser = { id: randomUUID(), userPrincipalName: 'irm-notices@contoso.com', displayName: 'IRM notices' };
const mail: MailMessage = { fromMailbox: 'irm-notices@contoso.com', to: ['lead@contoso.com'], subject: 'Notice', body: 'Hello', contentType: 'Text' };

describe('Graph client: throttling, retries and error mapping against the HTTPS fake Graph', () => {
  let graph: FakeGraph;

  beforeAll(async () => {
    graph = await startFakeGraph({ users: [owner, mailbox], acceptedTokens: ['fake-graph-token'] });
  });

  afterAll(async () => {
    await graph.close();
  });

  it('honours Retry-After on 429: waits as told, then the mail goes out once', async () => {
    const before = graph.requests('sendMail').length;
    graph.failNext('sendMail', 2, 429, { 'Retry-After': '0.05' });
    // Without Retry-After the client would back off from a 10 s base delay: the gaps tell them apart.
    await createGraphMailer({ connection: connectToFakeGraph(graph, { retry: { delaySeconds: 10 } }) }).sendMail(mail);
    const attempts = graph.requests('sendMail').slice(before);
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 202]);
    for (const [previous, next] of [[attempts[0], attempts[1]], [attempts[1], attempts[2]]]) {
      expect(next.at - previous.at).toBeGreaterThanOrEqual(45);
      expect(next.at - previous.at).toBeLessThan(5_000);
    }
    expect(graph.mails()).toHaveLength(1);
  });

  it('gives up after the configured retries with ThrottledError carrying Retry-After', async () => {
    const before = graph.requests('getUser').length;
    graph.failNext('getUser', 3, 429, { 'Retry-After': '0.01' });
    const directory = createGraphDirectory({ connection: connectToFakeGraph(graph, { retry: { delaySeconds: 0, maxRetries: 2 } }) });
    const error = (await directory.getUser(owner.id).catch((e: unknown) => e)) as ThrottledError;
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error.retryAfterMs).toBe(10);
    expect(error.retryable).toBe(true);
    expect(graph.requests('getUser').slice(before).map((r) => r.status)).toEqual([429, 429, 429]);
  });

  it('does not sleep through a long Retry-After inside a request: ThrottledError at once, for the outbox to reschedule', async () => {
    const before = graph.requests('sendMail').length;
    graph.failNext('sendMail', 1, 429, { 'Retry-After': '120' });
    const error = (await createGraphMailer({ connection: connectToFakeGraph(graph) }).sendMail(mail).catch((e: unknown) => e)) as ThrottledError;
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(graph.requests('sendMail').slice(before)).toHaveLength(1);
  });

  it('never repeats a POST after a 503 without Retry-After or a 504 (it may have been acted on)', async () => {
    const mailer = createGraphMailer({ connection: connectToFakeGraph(graph) });
    const before = graph.requests('sendMail').length;
    graph.failNext('sendMail', 1, 503);
    await expect(mailer.sendMail(mail)).rejects.toBeInstanceOf(ThrottledError);
    graph.failNext('sendMail', 1, 504);
    await expect(mailer.sendMail(mail)).rejects.toBeInstanceOf(OperationalError);
    expect(graph.requests('sendMail').slice(before).map((r) => r.status)).toEqual([503, 504]);
  });

  it('retries a GET after a 504', async () => {
    const before = graph.requests('getUser').length;
    graph.failNext('getUser', 1, 504);
    expect(await createGraphDirectory({ connection: connectToFakeGraph(graph) }).getUser(owner.id)).toMatchObject({ objectId: owner.id });
    expect(graph.requests('getUser').slice(before).map((r) => r.status)).toEqual([504, 200]);
  });

  it.each([
    [400, ValidationError],
    [401, UnauthenticatedError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, PayloadTooLargeError],
    [500, OperationalError],
    [502, OperationalError],
  ] as const)('maps Graph status %i to %p, keeping the GraphError as cause', async (status, expected) => {
    graph.failNext('sendMail', 1, status);
    const error = (await createGraphMailer({ connection: connectToFakeGraph(graph) }).sendMail(mail).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(expected);
    expect((error.cause as { statusCode?: number }).statusCode).toBe(status);
  });

  it('maps 429 and 503 with Retry-After to ThrottledError once retries are spent', async () => {
    const mailer = createGraphMailer({ connection: connectToFakeGraph(graph, { retry: { maxRetries: 0 } }) });
    graph.failNext('sendMail', 1, 503, { 'Retry-After': '2' });
    const error = (await mailer.sendMail(mail).catch((e: unknown) => e)) as ThrottledError;
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error.retryAfterMs).toBe(2_000);
  });

  it('maps a refused token to UnauthenticatedError, and a credential failure too', async () => {
    const wrongToken = createGraphMailer({ connection: connectToFakeGraph(graph, { credential: staticCredential('someone-elses-token') }) });
    await expect(wrongToken.sendMail(mail)).rejects.toBeInstanceOf(UnauthenticatedError);
    const broken = {
      getToken: async () => {
        throw Object.assign(new Error('ManagedIdentityCredential: no endpoint'), { name: 'CredentialUnavailableError' });
      },
    };
    const error = (await createGraphMailer({ connection: connectToFakeGraph(graph, { credential: broken }) }).sendMail(mail).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect((error.cause as Error).name).toBe('CredentialUnavailableError');
  });

  it('maps no answer at all (nothing listening) to OperationalError with the network failure as cause', async () => {
    const gone = await startFakeGraph();
    const connection = connectToFakeGraph(gone);
    await gone.close();
    const error = (await createGraphDirectory({ connection }).getUser(owner.id).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('refuses an http base URL: the client would send no Authorization header over it', () => {
    expect(() => createGraphConnection({ credential: staticCredential(), baseUrl: 'http://127.0.0.1:1234' })).toThrow(ValidationError);
  });

  it('spaces requests to one team at 4 per second and team creations at 10 per second', async () => {
    const recorder = recordingSleep();
    const connection = connectToFakeGraph(graph, { rateLimits: GRAPH_TEAMS_LIMITS, now: () => 1_000_000, sleep: recorder.sleep });
    const provisioner = createGraphTeamProvisioner({ connection });
    const request = { displayName: 'Case', description: '', ownerObjectIds: [owner.id], visibility: 'private' as const };
    const started = await Promise.all([1, 2, 3].map((n) => provisioner.startTeamCreation({ ...request, clientReference: `burst-${n}` })));
    expect(recorder.pauses).toEqual([100, 200]);
    graph.completePendingOperations();

    recorder.pauses.length = 0;
    const [a, b] = started.map((s) => s.teamId!);
    await Promise.all([provisioner.generalChannelId(a), provisioner.generalChannelId(a), provisioner.generalChannelId(b), provisioner.generalChannelId(a)]);
    // Team a: 0, 250, 500 ms; team b has a bucket of its own.
    expect(recorder.pauses).toEqual([250, 500]);
  });
});
