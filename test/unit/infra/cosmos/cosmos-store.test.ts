import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { z } from 'zod';
import { ConflictError, OperationalError, ThrottledError, UnexpectedError, ValidationError } from '../../../../core/errors';
import type { Activity } from '../../../../core/ingest/activity';
import type { Store } from '../../../../core/ports/store';
import { createCosmosStore, ORGANIZATION_CONTAINER, SUBJECTS_CONTAINER, type CosmosStoreOptions } from '../../../../infra/cosmos/cosmos-store';

/**
 * Adapter behaviour the shared contract cannot reach: throttling, corrupt documents, the bulk
 * path, id escaping, ordering ties. One in-process server for the file; its request handler is
 * wrapped so a test can make it answer 429 like Cosmos does when a partition runs out of RU.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface ThrottleRule {
  readonly method: string;
  readonly path: RegExp;
  /** How many matching requests still get a 429. */
  remaining: number;
  seen: number;
}

let server: Server;
let endpoint: string;
let admin: CosmosClient;
let throttle: ThrottleRule | undefined;
let opened = 0;
const stores: { store: Store; databaseId: string }[] = [];
const connectionPolicy = { enableEndpointDiscovery: false };

beforeAll(async () => {
  server = createHttpServer();
  const [inner] = server.listeners('request') as Handler[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const rule = throttle;
    if (rule && req.method === rule.method && rule.path.test(req.url ?? '')) {
      rule.seen++;
      if (rule.remaining > 0) {
        rule.remaining--;
        // Drain the body first so the client sees a clean answer, as the service would send.
        req.resume();
        req.on('end', () => {
          res.writeHead(429, { 'content-type': 'application/json', 'x-ms-retry-after-ms': '10', connection: 'close' });
          res.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large.' }));
        });
        return;
      }
    }
    inner(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  admin = new CosmosClient({ endpoint, key: 'any-key', connectionPolicy });
});

afterEach(async () => {
  throttle = undefined;
  for (const { store, databaseId } of stores.splice(0)) {
    await store.close();
    await admin.database(databaseId).delete();
  }
});

afterAll(async () => {
  admin.dispose();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

async function openStore(extra: Partial<CosmosStoreOptions> = {}): Promise<{ store: Store; databaseId: string }> {
  const databaseId = `unit-${++opened}`;
  const store = await createCosmosStore({ endpoint, key: 'any-key', databaseId, connectionPolicy, ...extra });
  stores.push({ store, databaseId });
  return { store, databaseId };
}

function activity(id: string, userId: string, time: string): Activity {
  return { id, source: 'audit', kind: 'file.downloaded', userId, time, operation: 'FileDownloaded' };
}

describe('Cosmos store: throttling', () => {
  it('retries a 429 after the retry-after the server sent, then succeeds', async () => {
    const { store } = await openStore();
    throttle = { method: 'POST', path: /\/colls\/subjects\/docs$/, remaining: 2, seen: 0 };
    const started = Date.now();
    const result = await store.transaction((tx) => tx.activities.insertMany([activity('audit:t1', 'ada@contoso.com', '2026-03-01T00:00:00.000Z')]));
    expect(result.inserted).toHaveLength(1);
    expect(throttle.seen).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
  });

  it('gives up after the configured retries with ThrottledError carrying the retry-after', async () => {
    const { store } = await openStore({ connectionPolicy: { ...connectionPolicy, retryOptions: { maxRetryAttemptCount: 2 } } });
    throttle = { method: 'GET', path: /\/colls\/organization\/docs\//, remaining: 100, seen: 0 };
    const error: unknown = await store.transaction((tx) => tx.users.get('ada@contoso.com')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(10);
    expect(throttle.seen).toBe(3);
  });
});

describe('Cosmos store: concurrency and failures', () => {
  it('opens from two processes at once on a new database: both find the database and containers', async () => {
    const databaseId = `unit-${++opened}-together`;
    const [a, b] = await Promise.all([
      createCosmosStore({ endpoint, key: 'any-key', databaseId, connectionPolicy }),
      createCosmosStore({ endpoint, key: 'any-key', databaseId, connectionPolicy }),
    ]);
    stores.push({ store: a, databaseId });
    await a.transaction((tx) => tx.activities.insertMany([activity('audit:together', 'ada@contoso.com', '2026-03-02T10:00:00.000Z')]));
    expect(await b.transaction((tx) => tx.activities.count())).toBe(1);
    await b.close();
  });

  it('refuses a replace with a stale ETag with ConflictError, in the directory and in collections', async () => {
    const { store } = await openStore();
    await store.transaction((tx) => tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: 'Ada' }]));
    const read = await store.transaction((tx) => tx.users.get('ada@contoso.com'));
    await store.transaction((tx) => tx.users.replace({ upn: 'ada@contoso.com', displayName: 'Ada L.' }, read!.etag));
    await expect(store.transaction((tx) => tx.users.replace({ upn: 'ada@contoso.com', displayName: 'Ada B.' }, read!.etag))).rejects.toBeInstanceOf(ConflictError);

    const notes = { name: 'unit-notes', schema: z.object({ text: z.string() }), indexed: [] };
    const created = await store.transaction((tx) => tx.documents(notes).create('ada@contoso.com', 'n1', { text: 'a' }));
    await store.transaction((tx) => tx.documents(notes).replace('ada@contoso.com', 'n1', { text: 'b' }, created.etag));
    await expect(store.transaction((tx) => tx.documents(notes).replace('ada@contoso.com', 'n1', { text: 'c' }, created.etag))).rejects.toBeInstanceOf(ConflictError);
  });

  it('reports a corrupt stored document as ValidationError naming its container and id', async () => {
    const { store, databaseId } = await openStore();
    await admin
      .database(databaseId)
      .container(SUBJECTS_CONTAINER)
      .items.create({ id: 'activity:audit:bad', pk: 'ada@contoso.com', type: 'activity', sortKey: 'x', userId: 'ada@contoso.com', kind: 'not-a-kind' });
    const error: unknown = await store.transaction((tx) => tx.activities.get('ada@contoso.com', 'audit:bad')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(`${SUBJECTS_CONTAINER}/activity:audit:bad`);
    await expect(store.transaction((tx) => tx.activities.listByUser('ada@contoso.com'))).rejects.toBeInstanceOf(ValidationError);
  });

  it('fails with OperationalError when the account cannot be reached', async () => {
    await expect(
      createCosmosStore({ endpoint: 'http://127.0.0.1:9', key: 'any-key', databaseId: 'nowhere', connectionPolicy }),
    ).rejects.toBeInstanceOf(OperationalError);
  });

  it('is unusable after close', async () => {
    const { store } = await openStore();
    await store.close();
    await expect(store.transaction(() => Promise.resolve(1))).rejects.toBeInstanceOf(UnexpectedError);
  });
});

describe('Cosmos store: documents and queries', () => {
  it('takes the bulk path for large writes with the same duplicate accounting', async () => {
    // Threshold 3: the single insert goes point-wise, the call of four through executeBulkOperations
    // (one bulk call only: the SDK flushes partial bulk batches on a 1 s timer).
    const { store } = await openStore({ writes: { bulkThreshold: 3 } });
    const a = activity('audit:b1', 'ada@contoso.com', '2026-03-01T00:00:00.000Z');
    const b = activity('audit:b2', 'bob@contoso.com', '2026-03-01T00:00:00.000Z');
    const c = activity('audit:b3', 'ada@contoso.com', '2026-03-02T00:00:00.000Z');
    await store.transaction((tx) => tx.activities.insertMany([a]));
    const result = await store.transaction((tx) => tx.activities.insertMany([b, a, c, b]));
    expect(result.inserted.map((x) => x.id)).toEqual(['audit:b2', 'audit:b3']);
    expect(result.duplicates).toBe(2);
    expect(await store.transaction((tx) => tx.activities.count())).toBe(3);
  });

  it('stores keys holding characters Cosmos forbids in ids (guest UPNs, paths)', async () => {
    const { store } = await openStore();
    const guest = 'x_gmail.com#ext#@contoso.onmicrosoft.com';
    await store.transaction((tx) => tx.users.upsertMany([{ upn: guest, displayName: 'Guest' }]));
    expect((await store.transaction((tx) => tx.users.get(guest)))?.value.upn).toBe(guest);
    const odd = activity('badging:u1/door?2#3 100%', guest, '2026-03-01T00:00:00.000Z');
    await store.transaction((tx) => tx.activities.insertMany([odd]));
    expect(await store.transaction((tx) => tx.activities.get(guest, odd.id))).toEqual(odd);
    await store.transaction((tx) => tx.outbox.append([{ id: 'alert.created:a/1', type: 'alert.created', subject: guest, time: '2026-03-01T00:00:00.000Z', data: {} }]));
    await store.transaction((tx) => tx.outbox.markDelivered([{ id: 'alert.created:a/1', subject: guest }], '2026-03-01T00:00:01.000Z'));
    expect(await store.transaction((tx) => tx.outbox.pending(10))).toEqual([]);
  });

  it('breaks ties on time by id when a limit cuts through them', async () => {
    const { store } = await openStore();
    const t = '2026-03-01T00:00:00.000Z';
    await store.transaction((tx) =>
      tx.activities.insertMany(['audit:e', 'audit:c', 'audit:a', 'audit:d', 'audit:b'].map((id) => activity(id, 'ada@contoso.com', t))),
    );
    const page = await store.transaction((tx) => tx.activities.listByUser('ada@contoso.com', { limit: 3 }));
    expect(page.map((x) => x.id)).toEqual(['audit:a', 'audit:b', 'audit:c']);
  });

  it('refills a run of equal values cut by the limit with its lowest ids in collection queries', async () => {
    const { store } = await openStore();
    // `name` repeats the document id so the results can show which documents came back.
    const items = { name: 'unit-items', schema: z.object({ name: z.string(), rank: z.number() }), indexed: ['rank'] };
    await store.transaction(async (tx) => {
      const c = tx.documents(items);
      for (const [id, rank] of [['e', 1], ['z', 0], ['c', 1], ['a', 1], ['d', 1], ['b', 1]] as const) await c.create('system', id, { name: id, rank });
    });
    const names = async (direction: 'asc' | 'desc', limit: number): Promise<string[]> => {
      const rows = await store.transaction((tx) => tx.documents(items).query({ orderBy: { field: 'rank', direction }, limit }));
      return rows.map((row) => row.value.name);
    };
    expect(await names('asc', 3)).toEqual(['z', 'a', 'b']);
    expect(await names('desc', 3)).toEqual(['a', 'b', 'c']);
    expect(await names('desc', 6)).toEqual(['a', 'b', 'c', 'd', 'e', 'z']);
  });

  it('keeps the directory and ingestion bookkeeping in the organization container', async () => {
    const { store, databaseId } = await openStore();
    await store.transaction((tx) => tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: 'Ada' }]));
    const { resources } = await admin
      .database(databaseId)
      .container(ORGANIZATION_CONTAINER)
      .items.query({ query: 'SELECT c.id, c.pk, c.type FROM c' })
      .fetchAll();
    expect(resources).toEqual([{ id: 'user:ada@contoso.com', pk: 'ada@contoso.com', type: 'user' }]);
  });
});
