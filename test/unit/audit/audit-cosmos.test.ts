import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { AUDIT_PARTITION, auditEntriesUncheckedCollection } from '../../../core/audit/audit-collections';
import { type AuditEntry, auditEntryId } from '../../../core/audit/audit-entry';
import { appendAudit, listAudit, purgeExpiredAudit, verifyAuditChain } from '../../../core/audit/audit-log';
import type { Store } from '../../../core/ports/store';
import { createCosmosStore } from '../../../infra/cosmos/cosmos-store';
import { nodeHasher } from '../../../infra/crypto/node-hasher';

// The audit log on the Cosmos adapter against the in-process Cosmos-protocol server (as in
// test/contract/store.cosmos.test.ts): no transactions, so correctness rests on create-if-absent
// entries and the ETag-checked head.
let server: Server;
let endpoint: string;
const connectionPolicy = { enableEndpointDiscovery: false };
const databaseId = 'audit-log';

beforeAll(async () => {
  server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  const admin = new CosmosClient({ endpoint, key: 'any-key', connectionPolicy });
  await admin.database(databaseId).delete();
  admin.dispose();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe('audit log on Cosmos DB', () => {
  it('lets two interleaved writers (separate clients, like two app instances) append without duplicate sequences or a broken chain', async () => {
    // Opened one after the other: opening creates the database, and two creations at once race.
    const first = await createCosmosStore({ endpoint, key: 'any-key', databaseId, connectionPolicy });
    const second = await createCosmosStore({ endpoint, key: 'any-key', databaseId, connectionPolicy });
    try {
      const clock = { now: () => new Date('2026-03-01T09:00:00Z') };
      const writer = (store: Store, name: string, count: number): Promise<AuditEntry[]> =>
        store.transaction(async (tx) => {
          const written: AuditEntry[] = [];
          for (let i = 0; i < count; i++) {
            written.push(await appendAudit(tx, nodeHasher, clock, { category: 'Alerts', activity: 'Confirmed alert', actor: { id: `cli:${name}` }, target: `alert-${name}-${i}` }));
          }
          return written;
        });
      const [a, b] = await Promise.all([writer(first, 'a', 8), writer(second, 'b', 8)]);

      const sequences = [...a, ...b].map((e) => e.sequence).sort((x, y) => x - y);
      expect(sequences).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      // They did interleave (neither wrote one contiguous block), so the race was exercised.
      expect(a.at(-1)!.sequence - a[0].sequence).toBeGreaterThan(7);
      // Each writer's own entries are in its own order.
      for (const own of [a, b]) expect(own.map((e) => e.sequence)).toEqual([...own.map((e) => e.sequence)].sort((x, y) => x - y));
      expect(await first.transaction((tx) => verifyAuditChain(tx, nodeHasher))).toMatchObject({ intact: true, entries: 16, firstSequence: 1, lastSequence: 16 });
      expect(await second.transaction(async (tx) => (await listAudit(tx, { actorId: 'cli:b', limit: 2 })).map((e) => e.target))).toEqual(['alert-b-7', 'alert-b-6']);

      // Deleting an entry through the store is detected.
      await first.transaction(async (tx) => {
        const raw = tx.documents(auditEntriesUncheckedCollection);
        await raw.delete(AUDIT_PARTITION, auditEntryId(9));
      });
      expect((await second.transaction((tx) => verifyAuditChain(tx, nodeHasher))).problem).toEqual({ sequence: 9, reason: 'entry 9 is missing (the next stored entry is 10)' });
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  }, 60_000);

  it('purges from the oldest end and verifies from the anchor', async () => {
    const store = await createCosmosStore({ endpoint, key: 'any-key', databaseId: `${databaseId}-purge`, connectionPolicy });
    try {
      let now = new Date('2026-01-01T00:00:00Z');
      const clock = { now: () => now };
      for (let i = 0; i < 3; i++) await store.transaction((tx) => appendAudit(tx, nodeHasher, clock, { category: 'Users', activity: 'Added role member', actor: { id: 'system' } }));
      now = new Date('2026-07-01T00:00:00Z');
      await store.transaction((tx) => appendAudit(tx, nodeHasher, clock, { category: 'Users', activity: 'Removed role member', actor: { id: 'system' } }));
      expect(await store.transaction((tx) => purgeExpiredAudit(tx, now))).toBe(3);
      expect(await store.transaction((tx) => verifyAuditChain(tx, nodeHasher))).toMatchObject({ intact: true, entries: 1, firstSequence: 4, purgedThrough: 3 });
    } finally {
      await store.close();
      const admin = new CosmosClient({ endpoint, key: 'any-key', connectionPolicy });
      await admin.database(`${databaseId}-purge`).delete();
      admin.dispose();
    }
  }, 60_000);
});
