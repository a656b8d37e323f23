import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { UnexpectedError, ValidationError } from '../../../../core/errors';
import type { CollectionDefinition } from '../../../../core/ports/document-collection';
import { createSqliteStore, type SqliteStore } from '../../../../infra/sqlite/sqlite-store';

// Stored documents are validated on read: a row edited by hand, restored from an old backup or
// written by another build must surface as a ValidationError that names the table and the key.

const NoteSchema = z.object({ title: z.string(), status: z.string() });
const notes: CollectionDefinition<z.infer<typeof NoteSchema>> = { name: 'unit-notes', schema: NoteSchema, indexed: ['status'] };

describe('SQLite stored rows', () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-sqlite-rows-'));
    file = path.join(dir, 'irm.db');
    store = await createSqliteStore({ path: file });
    await store.transaction(async (tx) => {
      await tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: 'Ada' }]);
      await tx.activities.insertMany([
        { id: 'audit:1', source: 'audit', kind: 'file.downloaded', userId: 'ada@contoso.com', time: '2026-03-01T10:00:00.000Z', operation: 'FileDownloaded' },
      ]);
      await tx.outbox.append([{ id: 'e1', type: 'ingest.completed', subject: 'system', time: '2026-03-01T00:00:00.000Z', data: {} }]);
      await tx.documents(notes).create('system', 'n1', { title: 'x', status: 'open' });
    });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Writes behind the store's back, as a hand edit or a foreign build would. */
  function tamper(sql: string, ...params: string[]): void {
    const db = new Database(file);
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  }

  async function failure(promise: Promise<unknown>): Promise<ValidationError> {
    const error: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }

  it('reports a user row that is not JSON, naming the table and UPN', async () => {
    tamper("UPDATE users SET body = '{broken' WHERE upn = ?", 'ada@contoso.com');
    const error = await failure(store.transaction((tx) => tx.users.get('ada@contoso.com')));
    expect(error.message).toContain('users[ada@contoso.com]');
  });

  it('reports an activity that no longer fits its schema, naming the table, id and field', async () => {
    tamper("UPDATE activities SET body = json_set(body, '$.kind', 'file.teleported') WHERE id = ?", 'audit:1');
    const error = await failure(store.transaction((tx) => tx.activities.listByUser('ada@contoso.com')));
    expect(error.message).toContain('activities[audit:1]');
    expect(error.issues.map((i) => i.field)).toContain('kind');
  });

  it('reports a body that belongs to another key', async () => {
    tamper("UPDATE activities SET body = json_set(body, '$.id', 'audit:other') WHERE id = ?", 'audit:1');
    const error = await failure(store.transaction((tx) => tx.activities.get('ada@contoso.com', 'audit:1')));
    expect(error.message).toContain('activities[audit:1]');
  });

  it('reports a corrupt outbox event and a corrupt document by their keys', async () => {
    tamper("UPDATE outbox SET body = json_remove(body, '$.subject') WHERE id = ?", 'e1');
    expect((await failure(store.transaction((tx) => tx.outbox.pending(10)))).message).toContain('outbox[e1]');
    tamper("UPDATE documents SET body = json_set(body, '$.title', 3) WHERE id = ?", 'n1');
    expect((await failure(store.transaction((tx) => tx.documents(notes).get('system', 'n1')))).message).toContain('documents(unit-notes)[system/n1]');
  });

  it('indexes the declared fields of a collection and refuses queries on undeclared ones', async () => {
    const db = new Database(file, { readonly: true });
    try {
      const indexes = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents'").pluck().all();
      expect(indexes).toContain('documents.unit-notes.status');
    } finally {
      db.close();
    }
    await expect(store.transaction((tx) => tx.documents(notes).query({ where: { title: 'x' } }))).rejects.toBeInstanceOf(UnexpectedError);
    const badName: CollectionDefinition<z.infer<typeof NoteSchema>> = { ...notes, name: "x'; DROP TABLE users; --" };
    await expect(store.transaction((tx) => tx.documents(badName).get('system', 'n1'))).rejects.toBeInstanceOf(UnexpectedError);
    expect(await store.transaction((tx) => tx.users.count())).toBe(1);
  });
});
