import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AUDIT_PARTITION, auditEntriesUncheckedCollection } from '../../../core/audit/audit-collections';
import { auditEntryId } from '../../../core/audit/audit-entry';
import { appendAudit, listAudit, verifyAuditChain } from '../../../core/audit/audit-log';
import { nodeHasher } from '../../../infra/crypto/node-hasher';
import { createSqliteStore, type SqliteStore } from '../../../infra/sqlite/sqlite-store';

// The audit log on the real embedded adapter: JSON round trips through SQLite text, indexes on
// the declared fields, and a unit of work that rolls the entry back with the change it records.
describe('audit log on SQLite', () => {
  let dir: string;
  let store: SqliteStore;
  const clock = { now: () => new Date('2026-03-01T09:00:00Z') };
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-audit-'));
    store = await createSqliteStore({ path: path.join(dir, 'audit.db') });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('appends concurrently started entries in order, verifies, survives reopening, and detects an edit', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.transaction((tx) =>
          appendAudit(tx, nodeHasher, clock, { category: 'Settings', activity: 'Edited settings', actor: { id: 'cli:ada' }, target: `s${i}`, details: { after: i, nested: { z: 1, a: [i] } } }),
        ),
      ),
    );
    expect(await store.transaction((tx) => verifyAuditChain(tx, nodeHasher))).toMatchObject({ intact: true, entries: 12, firstSequence: 1, lastSequence: 12 });

    await store.close();
    store = await createSqliteStore({ path: path.join(dir, 'audit.db') });
    expect(await store.transaction(async (tx) => (await listAudit(tx, { limit: 3 })).map((e) => e.sequence))).toEqual([12, 11, 10]);

    await store.transaction(async (tx) => {
      const raw = tx.documents(auditEntriesUncheckedCollection);
      const stored = await raw.get(AUDIT_PARTITION, auditEntryId(5));
      await raw.replace(AUDIT_PARTITION, auditEntryId(5), { ...(stored?.value as object), activity: 'Viewed settings' }, stored?.etag ?? '');
    });
    expect((await store.transaction((tx) => verifyAuditChain(tx, nodeHasher))).problem).toEqual({
      sequence: 5,
      reason: 'entry 5 was altered: its content no longer matches its hash',
    });
  });

  it('keeps no entry for a unit of work that fails after appending', async () => {
    await expect(
      store.transaction(async (tx) => {
        await appendAudit(tx, nodeHasher, clock, { category: 'Policies', activity: 'Created policy', actor: { id: 'cli:ada' }, target: 'p' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await store.transaction((tx) => verifyAuditChain(tx, nodeHasher))).toEqual({ intact: true, entries: 0 });
    const next = await store.transaction((tx) => appendAudit(tx, nodeHasher, clock, { category: 'Policies', activity: 'Created policy', actor: { id: 'cli:ada' } }));
    expect(next.sequence).toBe(1);
  });
});
