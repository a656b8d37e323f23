import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { ConflictError, OperationalError, ThrottledError, UnexpectedError, ValidationError } from '../../../../core/errors';
import type { Activity } from '../../../../core/ingest/activity';
import type { CollectionDefinition } from '../../../../core/ports/document-collection';
import type { StoreTransaction } from '../../../../core/ports/store';
import { createSqliteStore, type SqliteStore } from '../../../../infra/sqlite/sqlite-store';

const ROOT = path.resolve(__dirname, '../../../..');

function activity(id: string, time = '2026-03-01T10:00:00.000Z'): Activity {
  return { id, source: 'audit', kind: 'file.downloaded', userId: 'ada@contoso.com', time, operation: 'FileDownloaded' };
}

const NoteSchema = z.object({ title: z.string(), status: z.string() });
const notes: CollectionDefinition<z.infer<typeof NoteSchema>> = { name: 'unit-notes', schema: NoteSchema, indexed: ['status'] };

describe('SQLite store', () => {
  let dir: string;
  let file: string;
  const open: SqliteStore[] = [];
  const openStore = async (options: { path?: string; busyTimeoutMs?: number } = {}): Promise<SqliteStore> => {
    const store = await createSqliteStore({ path: options.path ?? file, busyTimeoutMs: options.busyTimeoutMs });
    open.push(store);
    return store;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-sqlite-unit-'));
    file = path.join(dir, 'irm.db');
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the folder of the database file and uses WAL', async () => {
    const nested = path.join(dir, 'a', 'b', 'irm.db');
    const store = await openStore({ path: nested });
    expect(store.path).toBe(nested);
    await store.transaction((tx) => tx.activities.insertMany([activity('audit:1')]));
    const peek = new Database(nested, { readonly: true });
    try {
      expect(peek.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      peek.close();
    }
  });

  it('refuses a file that is not a SQLite database with OperationalError', async () => {
    fs.writeFileSync(file, 'this is not a database, just text long enough to fill a header '.repeat(4));
    const error: unknown = await createSqliteStore({ path: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toContain(file);
  });

  it('works in memory for tests', async () => {
    const store = await openStore({ path: ':memory:' });
    await store.transaction((tx) => tx.activities.insertMany([activity('audit:1')]));
    expect(await store.transaction((tx) => tx.activities.count())).toBe(1);
  });

  it('keeps nothing a unit of work wrote when it throws, and rethrows its error', async () => {
    const store = await openStore();
    const boom = new Error('boom');
    await expect(
      store.transaction(async (tx) => {
        await tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: 'Ada' }]);
        await tx.activities.insertMany([activity('audit:1')]);
        await tx.ingestion.markSeen(['k1']);
        await tx.outbox.append([{ id: 'e1', type: 'ingest.completed', subject: 'system', time: '2026-03-01T00:00:00.000Z', data: {} }]);
        await tx.documents(notes).create('system', 'n1', { title: 'x', status: 'open' });
        throw boom;
      }),
    ).rejects.toBe(boom);
    await store.transaction(async (tx) => {
      expect(await tx.users.count()).toBe(0);
      expect(await tx.activities.count()).toBe(0);
      expect([...(await tx.ingestion.markSeen(['k1']))]).toEqual(['k1']);
      expect(await tx.outbox.pending(10)).toEqual([]);
      expect(await tx.documents(notes).count()).toBe(0);
    });
  });

  it('lets a unit of work recover from a refused write and commit the rest', async () => {
    const store = await openStore();
    await store.transaction((tx) => tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: 'Ada' }]));
    const outcome = await store.transaction(async (tx) => {
      const error: unknown = await tx.users.replace({ upn: 'ada@contoso.com', displayName: 'Ada L' }, '999').catch((e: unknown) => e);
      await tx.activities.insertMany([activity('audit:1')]);
      return error;
    });
    expect(outcome).toBeInstanceOf(ConflictError);
    expect(await store.transaction((tx) => tx.activities.count())).toBe(1);
  });

  it('keeps committed data across close and reopen', async () => {
    const first = await openStore();
    await first.transaction(async (tx) => {
      await tx.activities.insertMany([activity('audit:1'), activity('audit:2')]);
      await tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: 'Ada' }]);
      await tx.documents(notes).upsert('system', 'n1', { title: 'kept', status: 'open' });
    });
    await first.close();
    const second = await openStore();
    await second.transaction(async (tx) => {
      expect(await tx.activities.count()).toBe(2);
      expect((await tx.users.get('ada@contoso.com'))?.etag).toBe('1');
      expect((await tx.documents(notes).query({ where: { status: 'open' } })).map((d) => d.value.title)).toEqual(['kept']);
    });
  });

  it('keeps a committed unit of work when the process is killed with SIGKILL right after', async () => {
    const script = `
      const { createSqliteStore } = require(${JSON.stringify(path.join(ROOT, 'infra/sqlite/sqlite-store.ts'))});
      createSqliteStore({ path: ${JSON.stringify(file)} }).then(async (store) => {
        await store.transaction((tx) => tx.activities.insertMany([
          { id: 'audit:k1', source: 'audit', kind: 'file.downloaded', userId: 'ada@contoso.com', time: '2026-03-01T10:00:00.000Z', operation: 'FileDownloaded' },
        ]));
        process.kill(process.pid, 'SIGKILL');
      });`;
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/register-ts.cjs'), '-e', script], { stdio: 'ignore' });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
    expect(signal).toBe('SIGKILL');
    // The WAL was not checkpointed or removed: the next open must replay it.
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    const store = await openStore();
    expect(await store.transaction((tx) => tx.activities.get('ada@contoso.com', 'audit:k1'))).toEqual(activity('audit:k1'));
  }, 60_000);

  it('refuses a nested transaction instead of waiting for itself forever', async () => {
    const store = await openStore();
    const nested = await store.transaction(async (tx) => {
      await tx.activities.insertMany([activity('audit:outer')]);
      return store.transaction((inner) => inner.activities.count()).catch((e: unknown) => e);
    });
    expect(nested).toBeInstanceOf(UnexpectedError);
    expect((nested as Error).message).toMatch(/inside a running unit of work/);
    // The outer unit handled the refusal and committed.
    expect(await store.transaction((tx) => tx.activities.count())).toBe(1);
  });

  it('queues a transaction started elsewhere while another is waiting, instead of refusing it', async () => {
    const store = await openStore();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const first = store.transaction(async (tx) => {
      started();
      await gate;
      await tx.activities.insertMany([activity('audit:1')]);
      order.push('first');
    });
    await firstStarted;
    // Called from outside the first unit of work's async context: not nested, must wait its turn.
    const second = store.transaction(async (tx) => {
      order.push('second');
      return tx.activities.count();
    });
    release();
    await first;
    expect(await second).toBe(1);
    expect(order).toEqual(['first', 'second']);
  });

  it('refuses a tx that is used after its unit of work ended', async () => {
    const store = await openStore();
    let leaked: StoreTransaction | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
      await tx.activities.count();
    });
    await expect(leaked!.activities.insertMany([activity('audit:late')])).rejects.toBeInstanceOf(UnexpectedError);
    expect(await store.transaction((tx) => tx.activities.count())).toBe(0);
  });

  it('finishes queued units of work on close and refuses new ones', async () => {
    const store = await openStore();
    const queued = store.transaction((tx) => tx.activities.insertMany([activity('audit:1')]));
    const closing = store.close();
    await expect(store.transaction((tx) => tx.activities.count())).rejects.toBeInstanceOf(UnexpectedError);
    await expect(queued).resolves.toEqual({ inserted: [activity('audit:1')], duplicates: 0 });
    await closing;
    await store.close();
    const reopened = await openStore();
    expect(await reopened.transaction((tx) => tx.activities.count())).toBe(1);
  });

  it('reports a write lock held too long by another process as ThrottledError', async () => {
    const store = await openStore({ busyTimeoutMs: 50 });
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const error: unknown = await store.transaction((tx) => tx.activities.count()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ThrottledError);
      expect(error).toBeInstanceOf(OperationalError);
      other.exec('ROLLBACK');
      expect(await store.transaction((tx) => tx.activities.count())).toBe(0);
    } finally {
      other.close();
    }
  });

  it('refuses a negative or fractional limit with ValidationError', async () => {
    const store = await openStore();
    await expect(store.transaction((tx) => tx.users.list({ limit: -1 }))).rejects.toBeInstanceOf(ValidationError);
    await expect(store.transaction((tx) => tx.activities.listByUser('ada@contoso.com', { limit: 1.5 }))).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses to store an invalid user, batch or event with ValidationError', async () => {
    const store = await openStore();
    await expect(store.transaction((tx) => tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: '' }]))).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      store.transaction((tx) =>
        tx.outbox.append([{ id: 'e1', type: 'nope' as 'alert.created', subject: 'system', time: '2026-03-01T00:00:00.000Z', data: {} }]),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('treats UPNs case-insensitively on upsert and returns the stored lower-case UPN', async () => {
    const store = await openStore();
    await store.transaction((tx) => tx.users.upsertMany([{ upn: 'Ada@Contoso.com', displayName: 'Ada' }]));
    expect(await store.transaction((tx) => tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: 'Ada' }]))).toEqual({
      created: 0,
      updated: 0,
      unchanged: 1,
    });
    expect((await store.transaction((tx) => tx.users.list())).map((u) => u.upn)).toEqual(['ada@contoso.com']);
  });
});
